"""The settings dialog: which model serves each role, the device, offline mode, and the weight
of each figure channel in the fused figure vector."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from mmsum.device import DEVICES
from mmsum.embed.channels import CHANNELS, DEFAULT_WEIGHTS
from mmsum.options import ModelOptions

CHANNEL_HELP = {
    "caption": "the caption's text",
    "mentions": "the sentences that cite the figure",
    "figure-text": "the text inside the figure: axis labels, legends (OCR for pictures)",
    "pixels": "what the figure looks like (look-alike figures; text too with CLIP/SigLIP)",
}


class _ModelField(QWidget):
    """A model spec: empty for the bundled default, else an id, a folder or a file."""

    def __init__(self, placeholder: str, file_filter: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self._filter = file_filter
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(browse)

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: str | None) -> None:
        self.edit.setText(value or "")

    def _browse(self) -> None:
        if self._filter:
            path, _ = QFileDialog.getOpenFileName(self, "Choose a model file", "", self._filter)
            if not path:  # a model folder is fine too
                path = QFileDialog.getExistingDirectory(self, "Choose a model folder")
        else:
            path = QFileDialog.getExistingDirectory(self, "Choose a model folder")
        if path:
            self.edit.setText(path)


class SettingsDialog(QDialog):
    """Edits a :class:`~mmsum.options.ModelOptions`; :meth:`options` reads it back."""

    def __init__(self, options: ModelOptions, parent: QWidget | None = None, *,
                 weights: dict[str, float] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(520)

        self.text_model = _ModelField("bundled: all-MiniLM-L6-v2")
        self.image_model = _ModelField("bundled: EfficientNet-Lite0  (or: none)")
        self.generator = _ModelField("bundled: SmolLM2-135M-Instruct", "GGUF models (*.gguf);;All files (*)")
        self.device = QComboBox()
        self.device.addItems(list(DEVICES))
        self.offline = QCheckBox("Offline: never download a model")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Text encoder", self.text_model)
        form.addRow("Image encoder", self.image_model)
        form.addRow("Generator", self.generator)
        form.addRow("Device", self.device)
        form.addRow("", self.offline)

        self.channel_weight: dict[str, QDoubleSpinBox] = {}
        channels = QGroupBox("Figure channels")
        channels.setObjectName("channelWeights")
        cform = QFormLayout(channels)
        for name in CHANNELS:
            box = QDoubleSpinBox()
            box.setObjectName(f"weight-{name}")
            box.setRange(0.0, 1.0)
            box.setSingleStep(0.05)
            box.setDecimals(2)
            box.setToolTip(f"{CHANNEL_HELP[name]}; 0 turns the channel off")
            self.channel_weight[name] = box
            cform.addRow(name, box)
        cnote = QLabel("How much each channel counts in a figure's vector, which ranks key figures "
                       "and answers searches. 0 turns a channel off.")
        cnote.setWordWrap(True)
        cnote.setObjectName("hint")
        cform.addRow(cnote)

        note = QLabel("Leave a model empty to use the one installed with mmsum. Otherwise give a "
                      "Hugging Face id, a local folder, or (generator) a .gguf file. "
                      "<i>auto</i> picks CUDA, then Apple MPS, then the CPU.")
        note.setWordWrap(True)
        note.setObjectName("hint")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: (self.set_options(ModelOptions()), self.set_weights(DEFAULT_WEIGHTS)))

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(channels)
        lay.addWidget(buttons)
        self.set_options(options)
        self.set_weights(weights or DEFAULT_WEIGHTS)

    def set_options(self, o: ModelOptions) -> None:
        self.text_model.set_value(o.text_model)
        self.image_model.set_value(o.image_model)
        self.generator.set_value(o.generator)
        self.device.setCurrentText(o.device if o.device in DEVICES else "auto")
        self.offline.setChecked(o.offline)

    def options(self) -> ModelOptions:
        return ModelOptions(text_model=self.text_model.value(), image_model=self.image_model.value(),
                            generator=self.generator.value(), device=self.device.currentText(),
                            offline=self.offline.isChecked())

    def set_weights(self, weights: dict[str, float]) -> None:
        for name, box in self.channel_weight.items():
            box.setValue(float(weights.get(name, DEFAULT_WEIGHTS[name])))

    def weights(self) -> dict[str, float]:
        """The figure channels' weights as set (all four channels)."""
        return {name: round(box.value(), 4) for name, box in self.channel_weight.items()}
