"""`make qti`: банк вопросов курса для LMS — QTI 1.2 и Moodle XML в dist/.

Вопросы читает и пакет QTI собирает экспортёр самого mkdocs-quiz
(``mkdocs_quiz.qti``: ``extract_quizzes_from_file`` и ``QTI12Exporter`` — через ``kb.quiz_adapter``). Вокруг
него здесь только то, что нужно нашему курсу:

* тесты лежат в ``quizzes/<тезис>.md``, а не на страницах docs/: файлы и названия
  тезисов берутся из front matter ``docs/**/index.md`` (поле ``quiz:``);
* пояснения ``> …`` под каждым ответом экспортёр 1.7.1 теряет — здесь они
  попадают в пакет как ``itemfeedback`` с ``displayfeedback`` на каждый ответ;
* идентификаторы не случайные, а устойчивые (как id вопроса на сайте): повторный
  экспорт даёт те же файлы;
* один банк на весь курс, в нём по разделу (section) на тезис;
* вопросы итогового теста (``quizzes/final/<тест тезиса>.md``, на сайте их ответов не видно)
  входят в тот же банк отдельно: разделы «Итоговый тест — <тезис>», в Moodle — категория
  «Итоговый тест» с подкатегорией на тезис;
* рядом — тот же банк в формате Moodle XML: Moodle не импортирует QTI без
  стороннего плагина, а Moodle XML понимает «из коробки» (категория на тезис).

Запуск: ``python scripts/make_qti.py [--out dist]``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb import model  # noqa: E402
from kb.quizzes import parse_quiz_text  # noqa: E402
from kb.quiz_adapter import QTI12Exporter, Quiz, QuizCollection, extract_quizzes_from_file, to_html_content  # noqa: E402

from kb.identity import SLUG as COURSE_SLUG, site_name  # noqa: E402
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*(\n|\Z)", re.DOTALL)
# постоянная дата файлов в архиве: одинаковое содержание — одинаковый zip
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


class ExportError(Exception):
    """Понятная причина, почему банк не собран."""


#: Так вопросы итогового теста подписаны в банке: раздел QTI и категория Moodle.
FINAL_LABEL = "Итоговый тест"


@dataclass
class ThesisQuiz:
    slug: str  # имя файла теста без .md
    title: str  # название тезиса (или имя файла, если тест никто не объявил)
    quiz_file: Path
    sort_key: tuple
    quizzes: list[Quiz]
    final: bool = False  # вопросы итогового теста (quizzes/final/), а не тест тезиса

    @property
    def section_title(self) -> str:
        return f"{FINAL_LABEL} — {self.title}" if self.final else self.title


# ---------------------------------------------------------------- чтение курса


def course_title(root: Path) -> str:
    return site_name(root)


def load_theses(root: Path) -> list[ThesisQuiz]:
    """Тесты курса в порядке изучения — по модели базы знаний (kb.model: разделы, темы, тезисы по
    order), с названием тезиса; за ними — вопросы итогового теста каждого тезиса (quizzes/final/) в
    том же порядке. Тест, который не объявил ни один тезис, идёт в конец под именем файла."""
    quiz_dir = root / "quizzes"
    if not quiz_dir.is_dir():
        raise ExportError(f"нет папки с тестами {quiz_dir}")
    kb = model.load(root)
    result: list[ThesisQuiz] = []
    declared: set[str] = set()
    for n, thesis in enumerate(kb.theses):
        for quiz, final in ((thesis.quiz, False), (thesis.final, True)):
            if quiz is None:
                continue
            declared.add(quiz.rel)
            path = root / quiz.rel
            prefix = f"final-{path.stem}" if final else path.stem
            result.append(ThesisQuiz(path.stem, thesis.title or path.stem, path, (n,), read_quizzes(root, path, prefix),
                                     final=final))
    for rel in sorted(set(kb.quizzes) - declared):
        path = root / rel
        final = rel.startswith("quizzes/final/")
        what = "вопросы итогового теста" if final else "тест"
        print(f"Внимание: {what} {rel} не объявлен ни в одном тезисе (поле quiz:); "
              f"в банке он будет под названием «{path.stem}».", file=sys.stderr)
        prefix = f"final-{path.stem}" if final else path.stem
        result.append(ThesisQuiz(path.stem, path.stem, path, (10**9, path.stem), read_quizzes(root, path, prefix), final=final))
    if not result:
        raise ExportError(f"в {quiz_dir.relative_to(root)} нет ни одного теста")
    result.sort(key=lambda t: (t.final, t.sort_key))
    return result


def read_quizzes(root: Path, path: Path, prefix: str) -> list[Quiz]:
    """Вопросы файла экспортёром mkdocs-quiz, с устойчивыми id: <prefix>-<id вопроса на сайте>."""
    quizzes = extract_quizzes_from_file(path)
    expected = parse_quiz_text(path.read_text(encoding="utf-8"))
    if len(quizzes) != len(expected):
        raise ExportError(
            f"{path.relative_to(root)}: блоков <quiz> {len(expected)}, а экспортёр mkdocs-quiz разобрал "
            f"{len(quizzes)} — проверь файл: make check")
    for quiz, question in zip(quizzes, expected):
        quiz.identifier = f"{prefix}-{question.stable_id}"
        for n, answer in enumerate(quiz.answers, 1):
            answer.identifier = f"{quiz.identifier}-a{n}"
    return quizzes


# -------------------------------------------------------------- разметка текста

_MD = markdown.Markdown(extensions=["pymdownx.smartsymbols"])


def md_html(text: str, block: bool = True) -> str:
    """Markdown вопроса, ответа или пояснения → HTML, как на сайте."""
    html = _MD.reset().convert(text.strip())
    if not block:
        match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
        if match:
            html = match.group(1)
    return html


# ------------------------------------------------------------------------- QTI


class CourseQTIExporter(QTI12Exporter):
    """QTI 1.2 из mkdocs-quiz, плюс пояснение к каждому ответу и раздел на тезис."""

    def __init__(self, collection: QuizCollection, theses: list[ThesisQuiz]):
        super().__init__(collection)
        self.theses = theses

    def generate_assessment(self) -> str:
        sections = []
        for thesis in self.theses:
            refs = "\n".join(f'      <itemref linkrefid="{q.identifier}"/>' for q in thesis.quizzes)
            ident = f"section-final-{thesis.slug}" if thesis.final else f"section-{thesis.slug}"
            sections.append(
                f'    <section ident="{ident}" title={quoteattr(thesis.section_title)}>\n{refs}\n    </section>')
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="{self.collection.identifier}" title={quoteattr(self.collection.title)}>
    <qtimetadata>
      <qtimetadatafield>
        <fieldlabel>qmd_assessmenttype</fieldlabel>
        <fieldentry>Assessment</fieldentry>
      </qtimetadatafield>
    </qtimetadata>
{chr(10).join(sections)}
  </assessment>
</questestinterop>
"""

    @staticmethod
    def _with_answer_feedback(xml: str, quiz: Quiz) -> str:
        """Вставить в готовый item пояснения к ответам.

        Условия показа пояснений идут первыми и с continue="Yes": условие оценки
        верного ответа у mkdocs-quiz — continue="No", после него обработка стоп.
        """
        with_fb = [a for a in quiz.answers if a.feedback]
        if not with_fb:
            return xml
        conditions = "".join(
            f'      <respcondition continue="Yes" title="feedback">\n'
            f"        <conditionvar>\n"
            f'          <varequal respident="response1">{a.identifier}</varequal>\n'
            f"        </conditionvar>\n"
            f'        <displayfeedback feedbacktype="Response" linkrefid="{a.identifier}-fb"/>\n'
            f"      </respcondition>\n"
            for a in with_fb
        )
        feedbacks = "".join(
            f'    <itemfeedback ident="{a.identifier}-fb">\n'
            f"      <flow_mat>\n"
            f"        <material>\n"
            f'          <mattext texttype="text/html">{to_html_content(a.feedback)}</mattext>\n'
            f"        </material>\n"
            f"      </flow_mat>\n"
            f"    </itemfeedback>\n"
            for a in with_fb
        )
        anchor_out, anchor_end = "</outcomes>\n", "  </item>\n"
        if xml.count(anchor_out) != 1 or xml.count(anchor_end) != 1:
            raise ExportError(
                "разметка вопроса QTI у mkdocs-quiz изменилась (нет </outcomes> или </item>): "
                "пояснения к ответам некуда вставить — обнови scripts/make_qti.py под новую версию")
        xml = xml.replace(anchor_out, anchor_out + conditions, 1)
        return xml.replace(anchor_end, feedbacks + anchor_end, 1)

    def _generate_single_choice_item(self, quiz: Quiz) -> str:
        return self._with_answer_feedback(super()._generate_single_choice_item(quiz), quiz)

    def _generate_multiple_choice_item(self, quiz: Quiz) -> str:
        return self._with_answer_feedback(super()._generate_multiple_choice_item(quiz), quiz)


def html_collection(title: str, theses: list[ThesisQuiz]) -> QuizCollection:
    """Коллекция для экспортёра: тексты уже в HTML, как их видит ученик на сайте."""
    collection = QuizCollection(title=title, identifier=COURSE_SLUG,
                                description=f"Вопросы курса «{title}» с пояснениями к ответам")
    for thesis in theses:
        for quiz in thesis.quizzes:
            html_quiz = Quiz(question=md_html(quiz.question), identifier=quiz.identifier,
                             content=md_html(quiz.content) if quiz.content else None,
                             source_file=quiz.source_file, source_line=quiz.source_line)
            for answer in quiz.answers:
                html_quiz.answers.append(type(answer)(
                    text=md_html(answer.text, block=False), is_correct=answer.is_correct,
                    identifier=answer.identifier,
                    feedback=md_html(answer.feedback, block=False) if answer.feedback else None))
            collection.add_quiz(html_quiz)
    return collection


def write_zip(path: Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))


# ------------------------------------------------------------------ Moodle XML

# Доли оценки, которые Moodle принимает при импорте (100/n для n = 1…10)
def _fraction(n: int) -> str:
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def _cdata(html: str) -> str:
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def moodle_xml(title: str, theses: list[ThesisQuiz]) -> str:
    """Тот же банк в Moodle XML: категория на тезис, пояснение у каждого ответа.

    Вопросы итогового теста — в категории «Итоговый тест», по подкатегории на тезис.
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for thesis in theses:
        parts = [title] + ([FINAL_LABEL] if thesis.final else []) + [thesis.title]
        category = "top/" + "/".join(p.replace("/", "//") for p in parts)
        info = (f"{FINAL_LABEL}: вопросы по тезису «{thesis.title}», которых нет на сайте (там только их результат)"
                if thesis.final else f"Тест тезиса «{thesis.title}»")
        out += [
            '  <question type="category">',
            f"    <category><text>{xml_escape(category)}</text></category>",
            f'    <info format="html"><text>{xml_escape(info)}</text></info>',
            "  </question>",
        ]
        for quiz in thesis.quizzes:
            correct = [a for a in quiz.answers if a.is_correct]
            wrong = [a for a in quiz.answers if not a.is_correct]
            single = len(correct) == 1
            name = re.sub(r"\s+", " ", quiz.question).strip()
            name = name if len(name) <= 80 else name[:79].rstrip() + "…"
            out += [
                '  <question type="multichoice">',
                f"    <name><text>{xml_escape(name)}</text></name>",
                f'    <questiontext format="html"><text>{_cdata(md_html(quiz.question))}</text></questiontext>',
                f'    <generalfeedback format="html"><text>{_cdata(md_html(quiz.content)) if quiz.content else ""}'
                f"</text></generalfeedback>",
                "    <defaultgrade>1</defaultgrade>",
                "    <penalty>0.3333333</penalty>",
                "    <hidden>0</hidden>",
                f"    <idnumber>{xml_escape(quiz.identifier)}</idnumber>",
                f"    <single>{'true' if single else 'false'}</single>",
                "    <shuffleanswers>true</shuffleanswers>",
                "    <answernumbering>abc</answernumbering>",
                "    <showstandardinstruction>1</showstandardinstruction>",
                '    <correctfeedback format="html"><text>Верно.</text></correctfeedback>',
                '    <partiallycorrectfeedback format="html"><text>Отчасти верно: выбраны не все верные '
                "ответы или есть лишний.</text></partiallycorrectfeedback>",
                '    <incorrectfeedback format="html"><text>Неверно. Прочитай пояснение к выбранному '
                "ответу.</text></incorrectfeedback>",
                "    <shownumcorrect/>",
            ]
            for answer in quiz.answers:
                if answer.is_correct:
                    fraction = "100" if single else _fraction(len(correct))
                else:
                    fraction = "0" if single else "-" + _fraction(len(wrong))
                feedback = _cdata(md_html(answer.feedback, block=False)) if answer.feedback else ""
                out += [
                    f'    <answer fraction="{fraction}" format="html">',
                    f"      <text>{_cdata(md_html(answer.text, block=False))}</text>",
                    f'      <feedback format="html"><text>{feedback}</text></feedback>',
                    "    </answer>",
                ]
            out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------- CLI


def export(root: Path, out_dir: Path) -> dict:
    title = course_title(root)
    theses = load_theses(root)
    collection = html_collection(title, theses)
    errors = collection.validate()
    if errors:
        lines = [f"  {qid}: {'; '.join(errs)}" for qid, errs in errors.items()]
        raise ExportError("вопросы с ошибками (нет верного ответа или текста):\n" + "\n".join(lines))
    exporter = CourseQTIExporter(collection, theses)
    files = {"imsmanifest.xml": exporter.generate_manifest(), "assessment.xml": exporter.generate_assessment()}
    files.update(exporter.generate_items())
    out_dir.mkdir(parents=True, exist_ok=True)
    qti_path = out_dir / f"{COURSE_SLUG}-qti.zip"
    write_zip(qti_path, files)
    moodle_path = out_dir / f"{COURSE_SLUG}-moodle.xml"
    moodle_path.write_text(moodle_xml(title, theses), encoding="utf-8")
    no_feedback = sum(1 for q in collection.quizzes for a in q.answers if not a.feedback)
    return {
        "qti": qti_path, "moodle": moodle_path, "theses": theses,
        "questions": collection.total_questions, "single": collection.single_choice_count,
        "multiple": collection.multiple_choice_count, "no_feedback": no_feedback,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Банк вопросов курса: QTI 1.2 и Moodle XML")
    parser.add_argument("--root", type=Path, default=ROOT, help="корень репозитория (по умолчанию этот)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="куда положить файлы (dist/)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        result = export(args.root.resolve(), args.out)
    except ExportError as err:
        print(f"make qti: {err}", file=sys.stderr)
        return 1
    for thesis in result["theses"]:
        print(f"  {len(thesis.quizzes):3d}  {thesis.section_title}")
    finals = [t for t in result["theses"] if t.final]
    print(f"Вопросов: {result['questions']} (один ответ: {result['single']}, несколько: {result['multiple']}), "
          f"тезисов: {len(result['theses']) - len(finals)}, из них в итоговом тесте: "
          f"{sum(len(t.quizzes) for t in finals)}, за {time.monotonic() - started:.1f} с")
    if result["no_feedback"]:
        print(f"Внимание: ответов без пояснения «> …»: {result['no_feedback']}", file=sys.stderr)
    for label, key in (("QTI 1.2:   ", "qti"), ("Moodle XML:", "moodle")):
        path = result[key]
        size = path.stat().st_size / 1024
        print(f"{label} {os.path.relpath(path)} ({size:.0f} КБ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
