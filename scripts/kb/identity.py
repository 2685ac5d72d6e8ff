"""Имя курса — в одном месте: латинское (файлы в dist/, идентификаторы пакетов) и русское (site_name).

``SLUG`` называет выгрузки (`make offline`, `qti`, `pdf`, `scorm`), пакет SCORM и настройку nginx;
русское название берётся из ``site_name`` в mkdocs.yml — им его читает и сама MkDocs.
"""

from __future__ import annotations

from pathlib import Path

SLUG = "klientskiy-servis-assistenta"


def site_name(root: Path) -> str:
    """site_name из ``root/mkdocs.yml`` загрузчиком MkDocs (понимает !ENV); нет файла или поля — SLUG."""
    from mkdocs.utils.yaml import yaml_load

    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return SLUG
    with path.open(encoding="utf-8") as f:
        data = yaml_load(f) or {}
    name = data.get("site_name")
    return str(name).strip() if name else SLUG


def dist(root: Path, suffix: str) -> Path:
    """Файл выгрузки: dist/<SLUG><suffix> (например, "-qti.zip", ".pdf")."""
    return Path(root) / "dist" / f"{SLUG}{suffix}"
