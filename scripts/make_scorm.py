"""`make scorm`: курс как пакет SCORM 1.2 — dist/klientskiy-servis-assistenta-scorm12.zip.

Собирает сайт строго (`mkdocs build --strict`) во временную папку со ссылками на файлы
(OFFLINE=true: use_directory_urls выключен — LMS отдаёт файлы пакета как есть и не знает, что
«папка/» — это «папка/index.html»), кладёт рядом страницу запуска из scorm/ и imsmanifest.xml
(один SCO — страница запуска) и упаковывает. Пакет загружается в LMS как есть.

    python scripts/make_scorm.py [--out ZIP] [--site ПАПКА]

--site — упаковать уже собранный с OFFLINE=true сайт, не собирая заново.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb import identity  # noqa: E402
SCORM = ROOT / "scorm"
LAUNCH = "scorm-launch.html"
EXTRA = (LAUNCH, "scorm-launch.js")  # файлы страницы запуска, в корень пакета
DEFAULT_OUT = identity.dist(ROOT, "-scorm12.zip")

NS = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
SCHEMA_LOCATION = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)


def site_name() -> str:
    return identity.site_name(ROOT)


def build_site(out: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(out)], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit("Сайт не собрался (см. сообщения выше): пакет SCORM не создан.")


def manifest(title: str, files: list[str]) -> bytes:
    """imsmanifest.xml SCORM 1.2: одна организация, один пункт, один SCO — страница запуска.

    Проходной балл (adlcp:masteryscore) не задан намеренно: статус passed/failed ставит сам курс
    по итоговым тестам всех тем, и LMS не должна пересчитывать его по среднему баллу.
    """
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    q = lambda tag, ns="": f"{{{NS[ns]}}}{tag}"  # noqa: E731
    root = ET.Element(q("manifest"), {"identifier": identity.SLUG, "version": "1.2",
                                      q("schemaLocation", "xsi"): SCHEMA_LOCATION})
    meta = ET.SubElement(root, q("metadata"))
    ET.SubElement(meta, q("schema")).text = "ADL SCORM"
    ET.SubElement(meta, q("schemaversion")).text = "1.2"
    orgs = ET.SubElement(root, q("organizations"), {"default": "course"})
    org = ET.SubElement(orgs, q("organization"), {"identifier": "course"})
    ET.SubElement(org, q("title")).text = title
    item = ET.SubElement(org, q("item"), {"identifier": "course-item", "identifierref": "course-sco", "isvisible": "true"})
    ET.SubElement(item, q("title")).text = title
    resources = ET.SubElement(root, q("resources"))
    res = ET.SubElement(resources, q("resource"), {"identifier": "course-sco", "type": "webcontent",
                                                   q("scormtype", "adlcp"): "sco", "href": LAUNCH})
    for f in files:
        ET.SubElement(res, q("file"), {"href": f})
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def package(site: Path, out: Path) -> Path:
    title = site_name()
    for name in EXTRA:
        text = (SCORM / name).read_text(encoding="utf-8").replace("{site_name}", title)
        (site / name).write_text(text, encoding="utf-8")
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != "imsmanifest.xml")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        # imsmanifest.xml — первым и в корне: так его ищут все LMS; даты фиксированы — архив воспроизводим
        z.writestr(zipfile.ZipInfo("imsmanifest.xml", (1980, 1, 1, 0, 0, 0)), manifest(title, files), zipfile.ZIP_DEFLATED)
        for rel in files:
            info = zipfile.ZipInfo(rel, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, (site / rel).read_bytes())
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--site", type=Path, help="уже собранный с OFFLINE=true сайт")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-scorm-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build_site(site)
        out = package(site, args.out.resolve())
    size = out.stat().st_size
    print(f"Пакет SCORM 1.2: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({size / 1024 / 1024:.1f} МБ).")
    print("Загрузи его в LMS: в Moodle — «Добавить элемент курса → Пакет SCORM».")


if __name__ == "__main__":
    main()
