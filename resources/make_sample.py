"""Write resources/sample-report.pdf: a short technical report with raster and vector figures.

The study is invented for demonstration; every figure is generated here with PyMuPDF (vector
plots drawn with shapes, one raster image computed pixel by pixel), so the file can be rebuilt
anywhere:  python resources/make_sample.py
"""
from __future__ import annotations

import math
import random
from pathlib import Path

import pymupdf

OUT = Path(__file__).with_name("sample-report.pdf")
W, H = 612.0, 792.0
MARGIN, GUTTER = 56.0, 20.0
SIZE, LEAD = 9.6, 12.2
BODY = pymupdf.Font("tiro")
BOLD = pymupdf.Font("tibo")
ITALIC = pymupdf.Font("tiit")
SANS = pymupdf.Font("helv")

TITLE = "Where the Energy Goes: A Season-Long Study of Battery Use in a LoRa Soil-Moisture Network"
AUTHORS = "Maren Holt, Ilias Varga and Tomás Ruiz"
AFFILIATION = "Field Systems Laboratory, Technical Report TR-2024-07"
HEADER = "Holt, Varga and Ruiz: Battery use in a LoRa soil-moisture network"

ABSTRACT = (
    "Battery replacement is the largest recurring cost of agricultural sensor networks, yet most "
    "deployments size their batteries from datasheet figures rather than from measured consumption. "
    "We instrumented 24 soil-moisture nodes on a 12-hectare vineyard for 120 days and recorded the "
    "current drawn by every node at one kilohertz. Radio transmission accounted for 61 percent of the "
    "energy budget, sleep current for 22 percent and sensing for only 9 percent. Nodes that relayed "
    "traffic for their neighbours used up to 2.3 times more energy than leaf nodes. Three reporting "
    "configurations were compared: a fixed 10-minute interval, a fixed 30-minute interval and an "
    "adaptive scheme that reports only when moisture changes by more than 2 percent. The adaptive "
    "scheme reduced the mean daily energy per node from 41.8 J to 14.6 J while missing none of the 37 "
    "irrigation events in the season. We conclude that reporting policy, not hardware choice, "
    "determines battery life in this class of network, and that an adaptive policy extends the "
    "projected battery life of a 2600 mAh cell from 11 months to almost three years."
)

SECTIONS: list[tuple[str, list[str]]] = [
    ("1 Introduction", [
        "Low-power wide-area networks have made it cheap to place sensors across entire farms. A "
        "soil-moisture probe, a microcontroller and a LoRa radio cost less than the labour of a single "
        "visit to replace their battery. For this reason the battery, and not the electronics, sets the "
        "cost of running such a network over several years. Growers who install a network expect it to "
        "run for at least one full growing season without maintenance, and preferably for several.",
        "Datasheets give the current of each component in each state, and designers usually estimate "
        "battery life by multiplying these currents by assumed duty cycles. In our experience these "
        "estimates are optimistic by a factor of two or more. Retransmissions, relaying for neighbours, "
        "temperature effects on the cells and the time spent waiting for the radio to settle are easy to "
        "leave out of a spreadsheet, and each of them adds to the real consumption.",
        "This report measures where the energy actually goes. We instrumented a complete network of 24 "
        "nodes for one growing season and recorded the current of every node continuously. The layout of "
        "the field and the position of each node are shown in Figure 1. We then compared three reporting "
        "policies on the same hardware and asked how much of the budget each policy saves, and at what "
        "cost in missed irrigation events.",
    ]),
    ("2 Deployment and Method", [
        "The network covered a 12-hectare vineyard on a gentle south-facing slope. Each node carried a "
        "capacitive soil-moisture probe at 30 cm depth, an STM32L0 microcontroller, an SX1276 LoRa "
        "transceiver and a single 2600 mAh lithium-ion cell. The gateway sat in the machine shed at the "
        "northern edge of the field, 540 m from the farthest node.",
        "Nodes more than about 350 m from the gateway could not reach it reliably through the foliage in "
        "summer. Six nodes near the middle of the field therefore relayed packets for the nodes behind "
        "them. This arrangement is typical of real deployments, and it is the main reason why nodes in "
        "the same network age at different rates.",
        "To measure consumption we placed a shunt resistor and a 16-bit current monitor in series with "
        "each battery. The monitor sampled at one kilohertz and stored the samples on a memory card that "
        "we collected every four weeks. Sampling this fast resolves the individual phases of a radio "
        "transmission, which last between 40 and 400 milliseconds; Figure 2 shows one such cycle for a "
        "leaf node and for a relay node. We integrated current times voltage "
        "over each day to obtain the daily energy of every node.",
        "Each phase of the node's cycle was labelled automatically from the firmware's state pins, which "
        "we wired to spare inputs of the monitor. This let us attribute every joule to sleep, sensing, "
        "computation, transmission or reception without guessing from the shape of the current trace.",
    ]),
    ("3 Reporting Policies", [
        "We compared three policies, each run for 40 consecutive days on all nodes. The first reported "
        "every 10 minutes, the default of the vendor firmware. The second reported every 30 minutes, a "
        "common manual setting. The third, which we call adaptive, sampled the probe every 10 minutes but "
        "transmitted only when the reading differed from the last transmitted value by more than 2 "
        "percentage points, with a heartbeat message at least every six hours.",
        "The adaptive policy keeps the sampling rate of the first policy, so it sees every change in "
        "moisture as early. It differs only in what it chooses to send. Irrigation events, which are the "
        "readings the grower actually acts on, produce large changes and are always transmitted at once.",
    ]),
    ("4 Results", [
        "Figure 3 breaks the daily energy of a typical leaf node down by activity under the 10-minute "
        "policy. Transmission dominates with 61 percent of the energy. Sleep current, although small at "
        "any instant, accounts for 22 percent because the node spends more than 99 percent of its time "
        "asleep. Sensing, the task the network exists for, uses only 9 percent, and computation and "
        "reception share the remaining 8 percent.",
        "The cost of a single report is larger than the datasheet suggests. A typical transmission trace "
        "is shown in Fig. 2(a): the radio spends almost 90 milliseconds in calibration and in waiting for "
        "the crystal oscillator before the first symbol is sent. For a relay node, Fig. 2(b) shows that "
        "the receive windows that follow each uplink add a further 30 percent to the energy of a cycle.",
        "Relaying is the main source of variation between nodes. The six relay nodes used on average 2.3 "
        "times the energy of leaf nodes under the 10-minute policy, because each of them forwarded the "
        "packets of three to five neighbours. Their batteries would be the first to fail, and with them "
        "the connection of every node behind them.",
        "The three policies differ sharply in consumption. Figure 4 shows the battery voltage of the same "
        "relay node under each policy. Under the 10-minute policy the voltage fell by 0.21 V in 40 days; "
        "under the adaptive policy it fell by 0.06 V. Averaged over all nodes, the daily energy was "
        "41.8 J for the 10-minute policy, 17.9 J for the 30-minute policy and 14.6 J for the adaptive "
        "policy. Figs. 2 and 4 together explain why: the adaptive policy removes most transmissions, and "
        "transmissions carry a large fixed cost.",
        "Savings would matter little if they cost information. We therefore compared the moisture series "
        "reconstructed from each policy with the full 10-minute series. The adaptive policy detected all "
        "37 irrigation events of the season within 10 minutes of their start. The 30-minute policy also "
        "detected every event, but on average 14 minutes later, which is long enough to matter when "
        "irrigation is scheduled automatically.",
    ]),
    ("5 Discussion", [
        "Our measurements support a simple rule for designers of similar networks: count transmissions "
        "first. Hardware choices such as a lower sleep current or a more efficient regulator change the "
        "budget by a few percent, while the reporting policy changes it by a factor of three. The fixed "
        "cost of waking the radio means that sending fewer, slightly larger messages is cheaper than "
        "sending many small ones.",
        "Relay nodes deserve special attention. Because their consumption grows with the number of "
        "neighbours they serve, the battery life of the whole network is set by its busiest relay. "
        "Placing the gateway centrally, adding a second gateway, or giving relays larger cells are all "
        "cheaper than visiting the field to replace batteries midway through a season.",
        "The study has limits. It covers one crop, one climate and one radio configuration. Cold winters "
        "would reduce the usable capacity of the cells, and a denser canopy would force more nodes to "
        "relay. The adaptive threshold of 2 percentage points suited the clay-loam soil of this field and "
        "may need tuning for sandier soils, where moisture changes faster after irrigation.",
    ]),
    ("6 Conclusion", [
        "We measured the energy use of a 24-node LoRa soil-moisture network over a full season. Radio "
        "transmission, not sensing, consumed most of the energy, and relay nodes consumed up to 2.3 times "
        "more than leaf nodes. An adaptive reporting policy reduced the daily energy per node by 65 "
        "percent without missing an irrigation event, extending the projected battery life from 11 months "
        "to almost three years. We are releasing the current traces so that others can test their own "
        "policies against real consumption data.",
    ]),
]

FIGURES = {
    "fig1": "Figure 1: Layout of the 24 nodes on the vineyard. Relay nodes are drawn as squares, leaf "
            "nodes as circles; the gateway is in the shed at the top edge. Shading shows the soil "
            "moisture measured on day 30.",
    "fig2": "Figure 3: Daily energy of a leaf node by activity under the 10-minute policy, averaged over "
            "40 days. Transmission dominates the budget.",
    "fig3": "Figure 4: Battery voltage of relay node R3 over 40 days under the three reporting policies.",
    "fig4": "Figure 2: Current drawn during one reporting cycle. (a) A leaf node: calibration, "
            "transmission and sleep. (b) A relay node: the receive windows after the uplink add about "
            "30 percent to the energy of the cycle.",
}


class Report:
    """A minimal two-column flow layout: lines of text and figures, page after page."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.col_w = (W - 2 * MARGIN - GUTTER) / 2
        self.page: pymupdf.Page
        self.outline: list[list] = []  # the bookmarks a reader's side panel lists
        self.new_page()

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=W, height=H)
        n = self.page.number
        if n:
            self.page.insert_text((MARGIN, MARGIN - 18), HEADER, fontsize=7.5, fontname="tiit")
            shape = self.page.new_shape()
            shape.draw_line((MARGIN, MARGIN - 13), (W - MARGIN, MARGIN - 13))
            shape.finish(color=(0.4, 0.4, 0.4), width=0.4)
            shape.commit()
        self.page.insert_text((W / 2 - 3, H - 30), str(n + 1), fontsize=8, fontname="tiro")
        self.col, self.y, self.top = 0, MARGIN, MARGIN

    def x(self) -> float:
        return MARGIN + self.col * (self.col_w + GUTTER)

    def room(self, h: float) -> None:
        if self.y + h <= H - MARGIN:
            return
        if self.col == 0:
            self.col, self.y = 1, self.top
        else:
            self.new_page()

    def wrap(self, text: str, width: float, font: pymupdf.Font, size: float) -> list[str]:
        lines, cur = [], ""
        for word in text.split():
            cand = f"{cur} {word}" if cur else word
            if font.text_length(cand, size) <= width or not cur:
                cur = cand
            else:
                lines.append(cur)
                cur = word
        return lines + [cur] if cur else lines

    def text(self, text: str, *, font=BODY, fontname="tiro", size=SIZE, lead=LEAD, width=None,
             x=None, indent=0.0, justify=True) -> None:
        width = width or self.col_w
        lines = self.wrap(text, width - indent, font, size)
        for i, line in enumerate(lines):
            self.room(lead)
            lx = (self.x() if x is None else x) + (indent if i == 0 else 0)
            last = i == len(lines) - 1
            if justify and not last and " " in line:
                # justified body text, as in a printed report
                words = line.split(" ")
                gap = (width - (indent if i == 0 else 0) - sum(font.text_length(w, size) for w in words)) / (len(words) - 1)
                cx = lx
                for w in words:
                    self.page.insert_text((cx, self.y + size), w, fontsize=size, fontname=fontname)
                    cx += font.text_length(w, size) + gap
            else:
                self.page.insert_text((lx, self.y + size), line, fontsize=size, fontname=fontname)
            self.y += lead

    def heading(self, title: str) -> None:
        self.room(LEAD * 4)
        self.y += 6
        self.outline.append([1, title, self.page.number + 1, {"kind": pymupdf.LINK_GOTO,
                             "page": self.page.number, "to": pymupdf.Point(self.x(), self.y)}])
        self.text(title, font=BOLD, fontname="tibo", size=SIZE + 1.4, justify=False)
        self.y += 3

    def figure(self, key: str, height: float, draw, *, span: bool = False) -> None:
        cap_w = (W - 2 * MARGIN) if span else self.col_w
        cap_lines = self.wrap(FIGURES[key], cap_w, SANS, 8)
        need = height + len(cap_lines) * 10 + 22
        if span:
            self.new_page()
        else:
            self.room(need)
        x0 = MARGIN if span else self.x()
        rect = pymupdf.Rect(x0, self.y + 4, x0 + cap_w, self.y + 4 + height)
        draw(self.page, rect)
        self.y = rect.y1 + 8
        self.text(FIGURES[key], font=SANS, fontname="helv", size=8, lead=10, width=cap_w, x=x0, justify=False)
        self.y += 10
        if span:
            self.top = self.y


# --- figures --------------------------------------------------------------------------------

_RNG = random.Random(3)
NODES = [(0.1 + 0.16 * (i % 6) + _RNG.uniform(-0.04, 0.04), 0.2 + 0.22 * (i // 6) + _RNG.uniform(-0.05, 0.05))
         for i in range(24)]
RELAYS = {2, 3, 8, 9, 14, 15}


def moisture(u: float, v: float) -> float:
    """Invented soil moisture (0..1) over the field, wetter down the slope and along a drain."""
    return 0.35 + 0.3 * v + 0.2 * math.exp(-((u - 0.62) ** 2) / 0.01) * (0.6 + 0.4 * math.sin(9 * v))


def field_map(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """Raster map computed pixel by pixel, then node symbols drawn over it."""
    w, h = 300, 200
    data = bytearray()
    rng = random.Random(7)
    for y in range(h):
        for x in range(w):
            m = moisture(x / w, y / h)
            noise = rng.uniform(-0.03, 0.03)
            rows = 0.06 if (x // 6) % 2 else 0.0  # vine rows
            g = min(1.0, max(0.0, m + noise))
            data += bytes((int(200 - 150 * g - 40 * rows), int(190 - 60 * g + 30 * rows), int(120 + 110 * g)))
    pix = pymupdf.Pixmap(pymupdf.csRGB, w, h, bytes(data), False)
    img = pymupdf.Rect(rect.x0, rect.y0, rect.x1, rect.y0 + rect.width * h / w)
    page.insert_image(img, pixmap=pix, keep_proportion=False)
    shape = page.new_shape()
    for i, (u, v) in enumerate(NODES):
        c = pymupdf.Point(img.x0 + u * img.width, img.y0 + v * img.height)
        if i in RELAYS:
            shape.draw_rect(pymupdf.Rect(c.x - 3, c.y - 3, c.x + 3, c.y + 3))
        else:
            shape.draw_circle(c, 2.6)
        shape.finish(color=(0, 0, 0), fill=(1, 1, 1), width=0.6)
    gw = pymupdf.Point(img.x0 + 0.5 * img.width, img.y0 + 4)
    shape.draw_rect(pymupdf.Rect(gw.x - 5, gw.y - 3, gw.x + 5, gw.y + 4))
    shape.finish(color=(0, 0, 0), fill=(0.85, 0.1, 0.1), width=0.6)
    shape.commit()


def axes(page, rect, xlabel, ylabel, xticks, yticks, xr, yr):
    """Draw axes with ticks; returns a function mapping data (x, y) to page points."""
    ax = pymupdf.Rect(rect.x0 + 30, rect.y0 + 6, rect.x1 - 6, rect.y1 - 24)

    def to(x, y):
        return pymupdf.Point(ax.x0 + (x - xr[0]) / (xr[1] - xr[0]) * ax.width,
                             ax.y1 - (y - yr[0]) / (yr[1] - yr[0]) * ax.height)

    s = page.new_shape()
    s.draw_line(ax.bl, ax.br)
    s.draw_line(ax.bl, ax.tl)
    for t in xticks:
        p = to(t, yr[0])
        s.draw_line(p, p + (0, 3))
    for t in yticks:
        p = to(xr[0], t)
        s.draw_line(p, p - (3, 0))
    s.finish(color=(0, 0, 0), width=0.6)
    s.commit()
    for t in xticks:
        p = to(t, yr[0])
        label = f"{t:g}"
        page.insert_text((p.x - SANS.text_length(label, 6.5) / 2, p.y + 11), label, fontsize=6.5)
    for t in yticks:
        p = to(xr[0], t)
        label = f"{t:g}"
        page.insert_text((p.x - 5 - SANS.text_length(label, 6.5), p.y + 2.3), label, fontsize=6.5)
    page.insert_text((ax.x0 + ax.width / 2 - SANS.text_length(xlabel, 7) / 2, ax.y1 + 21), xlabel, fontsize=7)
    page.insert_text((rect.x0 + 7, ax.y0 + ax.height / 2 + SANS.text_length(ylabel, 7) / 2), ylabel,
                     fontsize=7, rotate=90)
    return to


def energy_bars(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    parts = [("Transmit", 61, (0.80, 0.25, 0.20)), ("Sleep", 22, (0.30, 0.45, 0.75)),
             ("Sense", 9, (0.35, 0.65, 0.35)), ("Compute", 5, (0.85, 0.65, 0.20)),
             ("Receive", 3, (0.55, 0.40, 0.70))]
    to = axes(page, rect, "activity", "share of daily energy (%)", [], [0, 20, 40, 60, 80],
              (0, len(parts)), (0, 80))
    s = page.new_shape()
    for i, (name, pct, color) in enumerate(parts):
        r = pymupdf.Rect(to(i + 0.2, pct), to(i + 0.8, 0))
        s.draw_rect(r)
        s.finish(color=(0, 0, 0), fill=color, width=0.4)
    s.commit()
    for i, (name, pct, _) in enumerate(parts):
        p = to(i + 0.5, 0)
        page.insert_text((p.x - SANS.text_length(name, 6.5) / 2, p.y + 10), name, fontsize=6.5)
        q = to(i + 0.5, pct)
        page.insert_text((q.x - SANS.text_length(f"{pct}", 6.5) / 2, q.y - 2), f"{pct}", fontsize=6.5)


def voltage_lines(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    to = axes(page, rect, "day of trial", "battery voltage (V)", [0, 10, 20, 30, 40],
              [3.90, 3.95, 4.00, 4.05, 4.10, 4.15], (0, 40), (3.88, 4.16))
    series = [("10-minute", 0.21, (0.80, 0.20, 0.20)), ("30-minute", 0.09, (0.25, 0.45, 0.80)),
              ("adaptive", 0.06, (0.20, 0.60, 0.30))]
    s = page.new_shape()
    for k, (name, drop, color) in enumerate(series):
        pts = [to(d, 4.12 - drop * (d / 40) ** 0.9 + 0.006 * math.sin(d * 0.9 + k)) for d in range(41)]
        s.draw_polyline(pts)
        s.finish(color=color, width=1.1, closePath=False)
        y = rect.y0 + 14 + 9 * k
        s.draw_line((rect.x1 - 62, y), (rect.x1 - 50, y))
        s.finish(color=color, width=1.1)
    s.commit()
    for k, (name, _, _) in enumerate(series):
        page.insert_text((rect.x1 - 46, rect.y0 + 16.3 + 9 * k), name, fontsize=6.5)


def current_traces(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    half = (rect.width - 24) / 2
    for k, relay in enumerate((False, True)):
        r = pymupdf.Rect(rect.x0 + k * (half + 24), rect.y0, rect.x0 + k * (half + 24) + half, rect.y1 - 12)
        to = axes(page, r, "time (ms)", "current (mA)", [0, 100, 200, 300, 400, 500], [0, 40, 80, 120],
                  (0, 500), (0, 130))
        pts = []
        for t in range(0, 501, 2):
            if t < 20:
                i = 0.5
            elif t < 110:
                i = 12 + 3 * math.sin(t / 7)  # calibration and oscillator start-up
            elif t < 260:
                i = 118 + 2 * math.sin(t)  # transmission
            elif relay and 300 <= t < 330 or relay and 360 <= t < 420:
                i = 11.5  # receive windows
            else:
                i = 0.5
            pts.append(to(t, i))
        s = page.new_shape()
        s.draw_polyline(pts)
        s.finish(color=(0.1, 0.2, 0.6), width=0.9, closePath=False)
        s.commit()
        label = "(b)" if relay else "(a)"
        page.insert_text((r.x0 + r.width / 2 - 5, rect.y1 - 1), label, fontsize=8)


def build(path: Path = OUT) -> Path:
    rep = Report()
    full = W - 2 * MARGIN
    title_lines = rep.wrap(TITLE, full, BOLD, 16)
    for line in title_lines:
        rep.page.insert_text((W / 2 - BOLD.text_length(line, 16) / 2, rep.y + 16), line, fontsize=16,
                             fontname="tibo")
        rep.y += 20
    rep.y += 6
    for line, font, name in ((AUTHORS, BODY, "tiro"), (AFFILIATION, ITALIC, "tiit")):
        rep.page.insert_text((W / 2 - font.text_length(line, 10) / 2, rep.y + 10), line, fontsize=10, fontname=name)
        rep.y += 14
    rep.y += 12
    rep.text("Abstract", font=BOLD, fontname="tibo", size=SIZE + 0.6, width=full - 60, x=MARGIN + 30, justify=False)
    rep.y += 2
    rep.text(ABSTRACT, width=full - 60, x=MARGIN + 30)
    rep.y += 14
    rep.top = rep.y
    placed = {"1 Introduction": [("fig1", 150, field_map)], "4 Results": [("fig2", 140, energy_bars)]}
    for title, paragraphs in SECTIONS:
        rep.heading(title)
        for i, par in enumerate(paragraphs):
            rep.text(par, indent=0 if i == 0 else 10)
            rep.y += 2
            if title == "4 Results" and i == 0:
                for key, h, draw in placed["4 Results"]:
                    rep.figure(key, h, draw)
            if title == "4 Results" and i == 3:
                rep.figure("fig3", 150, voltage_lines)
        if title == "1 Introduction":
            for key, h, draw in placed[title]:
                rep.figure(key, h, draw)
        if title == "2 Deployment and Method":
            rep.figure("fig4", 150, current_traces, span=True)
    rep.doc.set_toc(rep.outline)
    rep.doc.set_metadata({"title": TITLE, "author": AUTHORS, "subject": "Battery use of a LoRa sensor network",
                          "creator": "mmsum resources/make_sample.py"})
    rep.doc.save(path, garbage=3, deflate=True)
    rep.doc.close()
    return path


if __name__ == "__main__":
    print(build())
