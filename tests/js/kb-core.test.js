/* Правила ядра учёта (docs/assets/javascripts/kb-core.js): `node --test tests/js`. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const C = require("../../docs/assets/javascripts/kb-core-tools.js"); // обе части ядра: kb-core.js и kb-core-tools.js

/* ---------- данные: маленькая тема ---------- */

const CL = { title: "Чек-лист", url: "r/t/a/chek-list/", items: ["i1", "i2", "i3", "i4", "i5"] };
const DLG = { id: "zvonok", title: "Звонок", url: "r/t/a/trenazher/", version: "v1" };
const A = { id: "a", title: "А", url: "r/t/a/", quiz: ["q1", "q2", "q3", "q4", "q5"], checklists: [CL], dialogue: DLG, updated: "2026-11-20" };
const B = { id: "b", title: "Б", url: "r/t/b/", quiz: ["p1", "p2", "p3"], checklists: [] };
const TOPIC = { key: "r/t", title: "Тема", theses: [A, B] };

function source(store) {
  return C.fileSource(store, [TOPIC]);
}

function answers(ids, right) {
  const out = {};
  ids.forEach((id, i) => { out[id] = { answered: true, correct: i < right }; });
  return out;
}

/* ---------- ключи ---------- */

test("ключи: вид записи по ключу", () => {
  assert.deepEqual(C.kindOf("kb:v1:visited"), { kind: "visited", id: "" });
  assert.deepEqual(C.kindOf("kb:v1:checklist:r/t/a/"), { kind: "checklist", id: "r/t/a/" });
  assert.deepEqual(C.kindOf("kb:v1:final:r/t"), { kind: "final", id: "r/t" });
  assert.deepEqual(C.kindOf("kb:v1:attempt:r/t"), { kind: "attempt", id: "r/t" });
  assert.deepEqual(C.kindOf("kb:v1:dialogue:zvonok"), { kind: "dialogue", id: "zvonok" });
  assert.deepEqual(C.kindOf("kb:v1:dialogue-run:zvonok"), { kind: "dialogue-run", id: "zvonok" });
  assert.deepEqual(C.kindOf("kb:v1:final"), { kind: "legacy-final", id: "" });
  assert.deepEqual(C.kindOf("quiz_progress_/x/"), { kind: "quiz", id: "/x/" });
  assert.equal(C.kindOf("other"), null);
  assert.equal(C.kindOf("kb:v1:zzz").kind, "unknown");
  for (const k of [C.KEYS.visited, C.KEYS.deck, C.KEYS.checklist("a/b/index.html"), C.KEYS.final("r/t"),
    C.KEYS.attempt("r/t"), C.KEYS.dialogue("d"), C.KEYS.dialogueRun("d")]) {
    assert.notEqual(C.kindOf(k).kind, "unknown", k);
  }
  assert.equal(C.KEYS.checklist("a/b/index.html"), C.KEYS.checklist("a/b/"));
  assert.equal(C.KEYS.checklist("/a/b.html"), "kb:v1:checklist:a/b/");
});

/* ---------- оценка ---------- */

test("проходной балл: ровно 80% — сдан, на один меньше — нет", () => {
  assert.equal(C.need(0.8, 10), 8);
  assert.equal(C.need(0.8, 9), 8);
  assert.equal(C.need(0.8, 5), 4);
  assert.equal(C.need(0.7, 10), 7); /* 0.7 * 10 = 7.000000000000001 в плавающей точке */
  assert.equal(C.isPassed(8, 10, 0.8), true);
  assert.equal(C.isPassed(7, 10, 0.8), false);
  assert.equal(C.isPassed(4, 5, 0.8), true);
  assert.equal(C.isPassed(3, 5, 0.8), false);
  assert.equal(C.isPassed(0, 0, 0.8), false);
  assert.equal(C.isPassed(1, 1, 1), true);
});

test("процент: округление и пустой тест", () => {
  assert.equal(C.percent(2, 3), 67);
  assert.equal(C.percent(1, 3), 33);
  assert.equal(C.percent(0, 0), 0);
  assert.equal(C.percent(5, 5), 100);
});

test("несколько верных: засчитан только точный выбор", () => {
  assert.equal(C.sameSet(["a", "b"], ["b", "a"]), true);
  assert.equal(C.sameSet(["a"], ["a", "b"]), false);
  assert.equal(C.sameSet(["a", "b", "c"], ["a", "b"]), false);
  assert.equal(C.sameSet(["a", "c"], ["a", "b"]), false);
  assert.equal(C.sameSet(["a", "a"], ["a", "b"]), false);
  assert.equal(C.sameSet(undefined, ["a"]), false);
});

test("тест тезиса: сдан только когда отвечены все и верных не меньше проходного", () => {
  const ids = ["q1", "q2", "q3", "q4", "q5"];
  assert.equal(C.quizStatus(ids, answers(ids, 4), 0.8).passed, true);
  assert.equal(C.quizStatus(ids, answers(ids, 3), 0.8).passed, false);
  const partly = answers(["q1", "q2", "q3", "q4"], 4);
  const s = C.quizStatus(ids, partly, 0.8);
  assert.deepEqual([s.answered, s.correct, s.passed], [4, 4, false]);
  /* ответ на вопрос, которого в тесте нет, не считается */
  const extra = Object.assign(answers(ids, 3), { q9: { answered: true, correct: true } });
  assert.equal(C.quizStatus(ids, extra, 0.8).correct, 3);
  /* answered без true — не ответ */
  assert.equal(C.quizStatus(["q1"], { q1: { answered: "yes", correct: true } }, 0.8).answered, 0);
  assert.equal(C.quizStatus(["q1"], { q1: { answered: true, correct: 1 } }, 0.8).correct, 0);
  assert.equal(C.quizStatus([], {}, 0.8).passed, false);
});

test("тезис с тренажёром сдан, когда сданы тест и «Зачёт» нынешней версии диалога", () => {
  const store = { "quiz:r/t/a/": answers(A.quiz, 5) };
  assert.equal(C.thesisStatus(A, source(store), 0.8).passed, false);
  assert.equal(C.thesisStatus(A, source(store), 0.8).quizPassed, true);
  store["kb:v1:dialogue:zvonok"] = { version: "v1", best: { percent: 90, passed: true } };
  assert.equal(C.thesisStatus(A, source(store), 0.8).passed, true);
  store["kb:v1:dialogue:zvonok"] = { version: "old", best: { percent: 90, passed: true } };
  const s = C.thesisStatus(A, source(store), 0.8);
  assert.deepEqual([s.passed, s.dialogue.stale, s.dialogue.best], [false, true, null]);
  store["kb:v1:dialogue:zvonok"] = { version: "v1", best: { percent: 60, passed: false } };
  assert.equal(C.thesisStatus(A, source(store), 0.8).passed, false);
  /* тезис без тренажёра — по тесту */
  assert.equal(C.thesisStatus(B, source({ "quiz:r/t/b/": answers(B.quiz, 3) }), 0.8).passed, true);
  assert.equal(C.thesisStatus(B, source({}), 0.8).dialogue, null);
});

test("тезис: чек-листы, прочитан и «обновлён после прочтения»", () => {
  const store = { "kb:v1:checklist:r/t/a/chek-list/": { i1: true, i3: true, zz: true }, "kb:v1:visited": { a: "2026-11-19" } };
  const s = C.thesisStatus(A, source(store), 0.8);
  assert.equal(s.checklists[0].ticked, 2);
  assert.equal(s.visited, "2026-11-19");
  assert.equal(s.updated, true);
  store["kb:v1:visited"].a = "2026-11-20";
  assert.equal(C.thesisStatus(A, source(store), 0.8).updated, false);
  assert.equal(C.thesisStatus(B, source(store), 0.8).updated, false);
});

test("тема: число сданных тезисов и тренажёров", () => {
  const store = { "quiz:r/t/a/": answers(A.quiz, 5), "quiz:r/t/b/": answers(B.quiz, 3),
    "kb:v1:dialogue:zvonok": { version: "v1", best: { percent: 100, passed: true } } };
  const t = C.topicStatus(TOPIC, source(store), 0.8);
  assert.deepEqual([t.passed, t.total, t.dialogues, t.dialoguesPassed], [2, 2, 1, 1]);
});

/* ---------- даты ---------- */

test("даты: день по часам ученика и вывод ДД.ММ.ГГГГ", () => {
  assert.equal(C.localDay(new Date(2026, 11, 5, 0, 30)), "2026-12-05");
  assert.equal(C.localDay(new Date(2026, 0, 1, 23, 59)), "2026-01-01");
  assert.equal(C.dayText("2026-12-05"), "05.12.2026");
  const iso = new Date(2026, 11, 5, 10, 4, 47).toISOString();
  assert.equal(C.dayText(iso), "05.12.2026");
  assert.equal(C.dayText("мусор"), "");
  assert.ok(Number.isNaN(C.parseTime("2026")));
  assert.equal(C.parseTime("05.12.2026"), new Date(2026, 11, 5).getTime());
  assert.ok(C.parseTime("2026-12-06") > C.parseTime("2026-12-05"));
});

/* ---------- записи ---------- */

test("форма записей: негодное названо", () => {
  assert.equal(C.checkRecord("quiz", { q: { answered: true, correct: false } }), "");
  assert.match(C.checkRecord("quiz", { q: { answered: true } }), /answered и correct/);
  assert.match(C.checkRecord("checklist", { a: "да" }), /не true/);
  assert.match(C.checkRecord("visited", { a: "вчера" }), /ГГГГ-ММ-ДД/);
  assert.equal(C.checkRecord("visited", { a: "2026-12-05" }), "");
  assert.match(C.checkRecord("final", { percent: -50, passed: true }), /вне 0–100/);
  assert.match(C.checkRecord("final", { percent: 101, passed: true }), /вне 0–100/);
  assert.equal(C.checkRecord("final", { percent: 100, passed: true }), "");
  assert.equal(C.checkRecord("final", { percent: 0, passed: false }), "");
  assert.match(C.checkRecord("final", { percent: 50.5, passed: false }), /вне 0–100/);
  assert.match(C.checkRecord("final", { percent: 80 }), /сдан/);
  assert.match(C.checkRecord("final", { percent: 80, passed: true, right: 9, total: 8 }), /больше/);
  assert.match(C.checkRecord("final", { percent: 80, passed: true, date: "когда-то" }), /дата/);
  assert.match(C.checkRecord("dialogue", { version: "v", best: { percent: 120, passed: true } }), /вне 0–100/);
  assert.match(C.checkRecord("dialogue", { best: { percent: 20, passed: true } }), /версии/);
  assert.match(C.checkRecord("visited", []), /объект/);
  assert.match(C.checkRecord("unknown", {}), /неизвестна/);
});

test("сверка с курсом: чужие чек-листы, пункты, вопросы и тезисы отброшены и посчитаны", () => {
  const index = C.courseIndex([TOPIC]);
  assert.deepEqual(C.fitToCourse("checklist", "r/t/a/chek-list/", { i1: true, fake: true }, index), { value: { i1: true }, dropped: 1 });
  assert.deepEqual(C.fitToCourse("checklist", "nope/", { a: true, b: true }, index), { value: null, dropped: 2 });
  assert.deepEqual(C.fitToCourse("quiz", "r/t/a/index.html", { q1: { answered: true, correct: true }, q9: {} }, index).dropped, 1);
  assert.deepEqual(C.fitToCourse("visited", "", { a: "2026-01-01", zz: "2026-01-01" }, index), { value: { a: "2026-01-01" }, dropped: 1 });
  assert.equal(C.fitToCourse("final", "r/t", { percent: 1 }, index).dropped, 0);
  assert.equal(C.fitToCourse("final", "x/y", { percent: 1 }, index).value, null);
  assert.equal(C.fitToCourse("dialogue", "zvonok", {}, index).dropped, 0);
  assert.equal(C.fitToCourse("dialogue", "other", {}, index).dropped, 1);
});

/* ---------- слияние ---------- */

test("слияние: ответ теста из файла не заменяет здешний, но заполняет пустой", () => {
  const local = { q1: { answered: true, correct: false }, q2: { answered: false, correct: false } };
  const incoming = { q1: { answered: true, correct: true }, q2: { answered: true, correct: true }, q3: { answered: true, correct: true } };
  const m = C.mergeRecord("quiz", local, incoming);
  assert.equal(m.value.q1.correct, false);
  assert.equal(m.value.q2.correct, true);
  assert.equal(m.value.q3.correct, true);
  assert.deepEqual([m.added, m.replaced], [1, 1]);
  assert.equal(local.q2.answered, false, "исходная запись не меняется");
});

test("слияние: прочитан — самая ранняя дата; отметки чек-листа не теряются", () => {
  const v = C.mergeRecord("visited", { a: "2026-11-02", b: "2026-11-01" }, { a: "2026-11-01", b: "2026-11-03", c: "2026-11-04" });
  assert.deepEqual(v.value, { a: "2026-11-01", b: "2026-11-01", c: "2026-11-04" });
  assert.deepEqual([v.added, v.replaced], [1, 1]);
  const c = C.mergeRecord("checklist", { i1: true }, { i2: true });
  assert.deepEqual(c.value, { i1: true, i2: true });
});

test("слияние: итоговый тест — более поздний целиком; равные даты — здешний", () => {
  const older = { percent: 90, passed: true, date: "2026-12-01T10:00:00.000Z" };
  const newer = { percent: 50, passed: false, date: "2026-12-02T10:00:00.000Z" };
  assert.equal(C.mergeRecord("final", older, newer).value, newer);
  assert.equal(C.mergeRecord("final", newer, older).value, newer);
  assert.equal(C.mergeRecord("final", older, Object.assign({}, older, { percent: 10 })).value, older);
  assert.equal(C.mergeRecord("final", null, older).added, 1);
});

test("слияние: тренажёр — лучший результат той же версии", () => {
  const a = { version: "v1", best: { percent: 70, passed: false, date: "2026-12-01T00:00:00Z" } };
  const b = { version: "v1", best: { percent: 85, passed: true, date: "2026-11-01T00:00:00Z" } };
  assert.equal(C.mergeRecord("dialogue", a, b).value.best.percent, 85);
  assert.equal(C.mergeRecord("dialogue", b, a).value.best.percent, 85);
  assert.equal(C.mergeRecord("dialogue", b, a).replaced, 0);
  const c = { version: "v1", best: { percent: 85, passed: true, date: "2026-12-03T00:00:00Z" } };
  assert.equal(C.mergeRecord("dialogue", b, c).value.best.date, c.best.date, "равные — более поздний");
  assert.equal(C.mergeRecord("dialogue", b, { version: "v0", best: { percent: 100, passed: true } }).value, b);
  /* сданный лучше несданного с большим процентом */
  assert.equal(C.betterDialogue({ percent: 95, passed: false }, { percent: 80, passed: true }).passed, true);
});

/* ---------- итоговый тест ---------- */

const FINAL = {
  a: [1, 2, 3, 4].map((n) => ({ id: "fa" + n, answers: [{ id: "x", correct: true }, { id: "y", correct: false }, { id: "z", correct: false }] })),
  b: [1, 2, 3, 4].map((n) => ({ id: "fb" + n, answers: [{ id: "x", correct: true }, { id: "y", correct: true }, { id: "z", correct: false }] })),
};
function finalIndex() {
  const index = {};
  TOPIC.theses.forEach((t) => FINAL[t.id].forEach((q) => { index[q.id] = { thesis: t, q: q }; }));
  return index;
}

test("итоговый тест: выборка по perThesis из каждого тезиса, порядок вариантов — все варианты", () => {
  const at = C.drawAttempt(TOPIC, FINAL, 3, Date.UTC(2026, 11, 5), Math.random);
  assert.equal(at.questions.length, 6);
  assert.equal(at.questions.filter((q) => q.startsWith("fa")).length, 3);
  assert.equal(at.questions.filter((q) => q.startsWith("fb")).length, 3);
  at.questions.forEach((q) => assert.deepEqual([...at.order[q]].sort(), ["x", "y", "z"]));
  assert.equal(C.attemptFits(at, finalIndex()), true);
  const broken = JSON.parse(JSON.stringify(at));
  broken.order[at.questions[0]].pop();
  assert.equal(C.attemptFits(broken, finalIndex()), false);
  assert.equal(C.attemptFits({ questions: ["nope"], order: { nope: [] } }, finalIndex()), false);
  assert.equal(C.attemptFits(null, finalIndex()), false);
});

test("итоговый тест: ровно проходной балл сдан, частично верный множественный выбор — неверно", () => {
  const attempt = { questions: ["fa1", "fa2", "fa3", "fa4", "fb1"], picks: {}, started: "s", name: "Аня" };
  ["fa1", "fa2", "fa3", "fa4"].forEach((q) => { attempt.picks[q] = ["x"]; });
  attempt.picks.fb1 = ["x"]; /* из двух верных отмечен один */
  let r = C.scoreAttempt(attempt, finalIndex(), TOPIC, 0.8, Date.UTC(2026, 11, 5));
  assert.deepEqual([r.right, r.total, r.percent, r.passed], [4, 5, 80, true]);
  assert.deepEqual(r.theses.find((t) => t.id === "b"), { id: "b", right: 0, total: 1 });
  assert.equal(r.attempt, "s");
  attempt.picks.fa4 = ["y"];
  r = C.scoreAttempt(attempt, finalIndex(), TOPIC, 0.8, Date.UTC(2026, 11, 5));
  assert.deepEqual([r.right, r.percent, r.passed], [3, 60, false]);
  attempt.picks.fb1 = ["x", "y"];
  assert.equal(C.scoreAttempt(attempt, finalIndex(), TOPIC, 0.8, 0).right, 4);
  attempt.picks.fb1 = ["x", "y", "z"];
  assert.equal(C.scoreAttempt(attempt, finalIndex(), TOPIC, 0.8, 0).right, 3);
});

test("итоговый тест в двух вкладках: ответы сливаются по вопросу, позднее побеждает", () => {
  const base = { started: "2026-12-05T10:00:00.000Z", questions: ["q1", "q2", "q3", "q4"], picks: {}, times: {}, name: "", nameTime: 0 };
  const stored = Object.assign({}, base, { picks: { q1: ["a"], q2: ["a"], q3: ["a"] }, times: { q1: 1, q2: 2, q3: 5 } });
  const mine = Object.assign({}, base, { picks: { q3: ["b"], q4: ["b"] }, times: { q3: 3, q4: 4 }, name: "Аня", nameTime: 9 });
  const m = C.mergeAttempt(stored, mine);
  assert.deepEqual(m.picks, { q1: ["a"], q2: ["a"], q3: ["a"], q4: ["b"] });
  assert.equal(m.name, "Аня");
  /* более новая отметка этой вкладки побеждает */
  mine.times.q3 = 6;
  assert.deepEqual(C.mergeAttempt(stored, mine).picks.q3, ["b"]);
  /* имя, введённое позже в другой вкладке, остаётся */
  const named = Object.assign({}, stored, { name: "Борис", nameTime: 10 });
  assert.equal(C.mergeAttempt(named, mine).name, "Борис");
  /* другая попытка: новее побеждает целиком */
  const fresh = Object.assign({}, base, { started: "2026-12-05T11:00:00.000Z", picks: {} });
  assert.equal(C.mergeAttempt(fresh, mine), fresh);
  assert.equal(C.mergeAttempt(stored, fresh), fresh);
  assert.equal(C.mergeAttempt(null, mine), mine);
});

test("итоговый тест: попытка завершена, если результат записан с её началом", () => {
  assert.equal(C.attemptFinished({ started: "s1" }, { attempt: "s1" }), true);
  assert.equal(C.attemptFinished({ started: "s1" }, { attempt: "s0" }), false);
  assert.equal(C.attemptFinished({ started: "s1" }, null), false);
  assert.equal(C.attemptFinished({}, { attempt: undefined }), false);
});

/* ---------- тренажёр ---------- */

/* start → (best 3 → mid | 1 → fix | 0 → fail); mid → (3 → win | 0 → fail | 1 → part); fix → (3 → mid2 | …) */
const D = {
  id: "zvonok", version: "v1", start: "s", max: 6,
  nodes: {
    s: { replies: [{ id: "s.1", points: 3, best: true, next: "mid" }, { id: "s.2", points: 1, next: "fix" }, { id: "s.3", points: 0, next: "fail" }] },
    mid: { replies: [{ id: "mid.1", points: 0, next: "fail" }, { id: "mid.2", points: 3, best: true, next: "win" }, { id: "mid.3", points: 1, next: "part" }] },
    fix: { replies: [{ id: "fix.1", points: 3, best: true, next: "part" }, { id: "fix.2", points: 0, next: "fail" }, { id: "fix.3", points: 1, next: "fail" }] },
    win: { ending: { kind: "success" } },
    part: { ending: { kind: "partial" } },
    fail: { ending: { kind: "failure" } },
  },
};

test("тренажёр: лучший путь — успех и 100%, худший — провал", () => {
  const best = C.dialogueResult(D, ["s.1", "mid.2"], 0.8, 0);
  assert.deepEqual([best.points, best.percent, best.ending, best.passed], [6, 100, "success", true]);
  const worst = C.dialogueResult(D, ["s.3"], 0.8, 0);
  assert.deepEqual([worst.percent, worst.ending, worst.passed], [0, "failure", false]);
});

test("тренажёр: путь восстановления — частичный; сдан только от проходного балла и не при провале", () => {
  const recovery = C.dialogueResult(D, ["s.2", "fix.1"], 0.8, 0);
  assert.deepEqual([recovery.points, recovery.percent, recovery.ending, recovery.passed], [4, 67, "partial", false]);
  const d = Object.assign({}, D, { max: 5 }); /* 4 из 5 = ровно 80% */
  assert.equal(C.dialogueResult(d, ["s.2", "fix.1"], 0.8, 0).passed, true);
  assert.equal(C.dialogueResult(Object.assign({}, D, { max: 4 }), ["s.1", "mid.1"], 0.8, 0).passed, false, "провал не сдан при любом балле");
  assert.equal(C.dialogueResult(Object.assign({}, D, { max: 3 }), ["s.1", "mid.2"], 0.8, 0).percent, 100, "больше 100% не бывает");
});

test("тренажёр: незаконченный и чужой путь — нет результата", () => {
  assert.equal(C.dialogueResult(D, ["s.1"], 0.8, 0), null);
  assert.equal(C.dialogueResult(D, ["mid.2"], 0.8, 0), null);
  assert.ok(C.walkDialogue(D, ["s.3", "mid.2"]).why);
  const w = C.walkDialogue(D, ["s.2"]);
  assert.deepEqual([w.nodeId, w.points, w.ended, w.steps[0].best.id], ["fix", 1, false, "s.1"]);
});

test("тренажёр: запись хранит лучший результат версии, новая версия начинает заново", () => {
  const r1 = { percent: 90, passed: true, date: "2026-12-01T00:00:00Z" };
  const r2 = { percent: 40, passed: false, date: "2026-12-02T00:00:00Z" };
  let rec = C.recordDialogue(null, D, r1);
  rec = C.recordDialogue(rec, D, r2);
  assert.deepEqual([rec.best.percent, rec.last.percent, rec.attempts], [90, 40, 2]);
  const rec2 = C.recordDialogue(rec, Object.assign({}, D, { version: "v2" }), r2);
  assert.deepEqual([rec2.version, rec2.best.percent, rec2.attempts], ["v2", 40, 1]);
});

/* ---------- файл прогресса ---------- */

function file(entries, extra) {
  return JSON.stringify(Object.assign({ format: "kb-progress", version: 1, exported: "2026-12-05T10:00:00.000Z", entries: entries }, extra || {}));
}

test("файл прогресса: понятные отказы", () => {
  const index = C.courseIndex([TOPIC]);
  assert.match(C.parseProgress("не json", index).why, /не JSON/);
  assert.match(C.parseProgress("{}", index).why, /не файл прогресса/);
  assert.match(C.parseProgress(file({}, { version: 2 }), index).why, /более новая версия курса/);
  assert.doesNotMatch(C.parseProgress(file({}, { version: 2 }), index).why, /нужна/);
  assert.match(C.parseProgress(file({}, { version: 0 }), index).why, /старой версией/);
  assert.match(C.parseProgress(file({ "kb:v1:zzz": {} }), index).why, /«kb:v1:zzz» неизвестна/);
  assert.match(C.parseProgress(file({ "quiz:../x/": {} }), index).why, /недопустимый путь/);
  assert.match(C.parseProgress(file({ "quiz:/x/": {} }), index).why, /недопустимый путь/);
  assert.match(C.parseProgress(file({ "kb:v1:final:r/t": { percent: -50, passed: true } }), index).why, /вне 0–100/);
  assert.match(C.parseProgress(" ".repeat(C.MAX_FILE + 1), index).why, /слишком большой/);
  assert.match(C.parseProgress(file({}, { learner: 5 }), index).why, /имя/);
});

test("файл прогресса: чужие записи отброшены и посчитаны, свои — на месте", () => {
  const index = C.courseIndex([TOPIC]);
  const fake = {};
  for (let i = 0; i < 100; i++) fake["fake" + i] = true;
  const parsed = C.parseProgress("\ufeff" + file({
    "kb:v1:checklist:r/t/a/chek-list/": Object.assign({ i1: true }, fake),
    "kb:v1:checklist:elsewhere/": { a: true },
    "quiz:r/t/b/": { p1: { answered: true, correct: true }, zz: { answered: true, correct: true } },
    "kb:v1:final:r/t": { percent: 80, passed: true, date: "2026-12-01T00:00:00Z" },
  }), index);
  assert.equal(parsed.why, undefined);
  assert.deepEqual(parsed.entries["kb:v1:checklist:r/t/a/chek-list/"], { i1: true });
  assert.equal(parsed.entries["kb:v1:checklist:elsewhere/"], undefined);
  assert.deepEqual(Object.keys(parsed.entries["quiz:r/t/b/"]), ["p1"]);
  assert.equal(parsed.dropped, 100 + 1 + 1);
});

test("имя файла выгрузки: ученик латиницей и день", () => {
  assert.equal(C.exportFileName("Анна Щукина", "2026-12-05"), "progress-anna-shchukina-2026-12-05.json");
  assert.equal(C.exportFileName("", "2026-12-05"), "progress-2026-12-05.json");
  assert.equal(C.exportFileName("  Ёж / O'Neil ", "2026-12-05"), "progress-ezh-o-neil-2026-12-05.json");
});

/* ---------- группа ---------- */

test("группа: строка ученика по файлу и ключ ученика", () => {
  const index = C.courseIndex([TOPIC]);
  const parsed = C.parseProgress(file({
    "quiz:r/t/b/": answers(B.quiz, 3),
    "kb:v1:final:r/t": { percent: 85, passed: true, date: "2026-12-03T00:00:00Z", name: "Анна" },
    "kb:v1:visited": { a: "2026-12-04" },
  }, { learner: "Анна Петрова" }), index);
  const row = C.learnerRow("progress.json", parsed, [TOPIC], 0.8);
  assert.deepEqual([row.name, row.named, row.passed, row.total], ["Анна Петрова", true, 1, 2]);
  assert.equal(row.finals["r/t"].percent, 85);
  assert.deepEqual(row.dialogues["r/t"], { passed: 0, total: 1 });
  assert.equal(row.last, C.parseTime("2026-12-05T10:00:00.000Z"));
  /* без имени в файле — имя из итогового теста; без него — нет имени, ключ по файлу */
  const noName = C.learnerRow("f.json", C.parseProgress(file({ "kb:v1:final:r/t": { percent: 10, passed: false, name: "Иван" } }), index), [TOPIC], 0.8);
  assert.equal(noName.name, "Иван");
  const anon = C.learnerRow("f.json", C.parseProgress(file({}), index), [TOPIC], 0.8);
  assert.deepEqual([anon.named, C.learnerKey(anon)], [false, "file:f.json"]);
  assert.equal(C.learnerKey(row), C.learnerKey(Object.assign({}, row, { name: "анна  петрова", file: "other.json" })));
  assert.notEqual(C.learnerKey(row), C.learnerKey(Object.assign({}, row, { name: "Анна Иванова" })));
});

test("группа: из двух файлов одного ученика остаётся более поздний", () => {
  const a = { exported: 1 };
  const b = { exported: 2 };
  assert.equal(C.newerRow(a, b), b);
  assert.equal(C.newerRow(b, a), b);
});

test("CSV: формулы обезврежены, разделители в кавычках", () => {
  assert.equal(C.csvCell("=1+1"), "'=1+1");
  assert.equal(C.csvCell("+7 999"), "'+7 999");
  assert.equal(C.csvCell("-2"), "'-2");
  assert.equal(C.csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(C.csvCell("\tx"), "'\tx");
  assert.equal(C.csvCell("Анна"), "Анна");
  assert.equal(C.csvCell(80), "80");
  assert.equal(C.csvCell('a;b"c'), '"a;b""c"');
  assert.equal(C.csvCell("=a;b"), "\"'=a;b\"");
});

test("кодировка: UTF-8 читается, Windows-1251 — отказ", () => {
  assert.equal(C.decodeUtf8(Buffer.from("Анна", "utf8")).text, "Анна");
  assert.match(C.decodeUtf8(Buffer.from([0xc0, 0xed, 0xed, 0xe0])).why, /UTF-8/);
});

/* ---------- SCORM ---------- */

function keyOfQuiz(t) { return "quiz:" + t.url; }

test("suspend_data: туда и обратно без потерь", () => {
  const store = {
    "kb:v1:visited": { a: "2026-12-01" },
    "quiz:r/t/a/": answers(A.quiz, 4),
    "kb:v1:checklist:r/t/a/chek-list/": { i2: true, i5: true },
    "kb:v1:dialogue:zvonok": { version: "v1", best: { percent: 90, passed: true, date: "2026-12-02T10:00:00.000Z" } },
    "kb:v1:final:r/t": { percent: 83, passed: true, right: 5, total: 6, date: "2026-12-03T10:00:00.000Z", name: "Аня" },
  };
  const packed = C.pack(C.collect([TOPIC], source(store)));
  assert.equal(packed.omitted, "");
  const back = C.unpack(packed.text, [TOPIC], keyOfQuiz);
  assert.equal(back.why, undefined);
  assert.deepEqual(back.records["kb:v1:visited"], { a: "2026-12-01" });
  assert.equal(Object.keys(back.records["quiz:r/t/a/"]).length, 5);
  assert.equal(back.records["quiz:r/t/a/"].q5.correct, false);
  assert.deepEqual(back.records["kb:v1:checklist:r/t/a/chek-list/"], { i2: true, i5: true });
  assert.deepEqual(back.records["kb:v1:dialogue:zvonok"], { version: "v1", best: { percent: 90, passed: true, date: "2026-12-02T10:00:00.000Z" } });
  const f = back.records["kb:v1:final:r/t"];
  assert.deepEqual([f.percent, f.passed, f.right, f.total, f.name, f.date], [83, true, 5, 6, "Аня", "2026-12-03T10:00:00.000Z"]);
});

test("suspend_data: обрезанное или повреждённое не применяется целиком", () => {
  const store = { "quiz:r/t/a/": answers(A.quiz, 4), "kb:v1:final:r/t": { percent: 83, passed: true, right: 5, total: 6, date: "2026-12-03T10:00:00.000Z" } };
  const text = C.pack(C.collect([TOPIC], source(store))).text;
  assert.match(C.unpack(text.slice(0, text.length - 5), [TOPIC], keyOfQuiz).why, /обрезана/);
  const data = JSON.parse(text);
  assert.match(C.unpack(JSON.stringify(Object.assign({}, data, { f: null })), [TOPIC], keyOfQuiz).why, /не в формате/);
  const bad = JSON.parse(text);
  bad.f["r/t"][0] = -50;
  assert.match(C.unpack(JSON.stringify(bad), [TOPIC], keyOfQuiz).why, /итогового теста/);
  const badQuiz = JSON.parse(text);
  badQuiz.t.a = badQuiz.t.a.replace(/\.[012]+/, ".9x");
  assert.match(C.unpack(JSON.stringify(badQuiz), [TOPIC], keyOfQuiz).why, /повреждены/);
  assert.match(C.unpack(JSON.stringify({ v: 2, t: {}, f: {} }), [TOPIC], keyOfQuiz).why, /не в формате/);
});

test("suspend_data: тренажёр без других записей тезиса тоже едет; испорченный — отказ целиком", () => {
  const store = { "kb:v1:dialogue:zvonok": { version: "v1", best: { percent: 90, passed: true, date: "2026-12-02T10:00:00.000Z" } } };
  const text = C.pack(C.collect([TOPIC], source(store))).text;
  assert.equal(JSON.parse(text).t.a, undefined);
  assert.deepEqual(C.unpack(text, [TOPIC], keyOfQuiz).records["kb:v1:dialogue:zvonok"].best.percent, 90);
  const bad = JSON.parse(text);
  bad.d.zvonok[0] = 140;
  assert.match(C.unpack(JSON.stringify(bad), [TOPIC], keyOfQuiz).why, /тренажёра/);
  bad.d.zvonok = [90, 2, "v1", ""];
  assert.match(C.unpack(JSON.stringify(bad), [TOPIC], keyOfQuiz).why, /тренажёра/);
});

test("suspend_data: тезис, изменённый автором, не применяется", () => {
  const store = { "quiz:r/t/a/": answers(A.quiz, 4) };
  const text = C.pack(C.collect([TOPIC], source(store))).text;
  const changed = Object.assign({}, A, { quiz: ["q1", "q2", "q3", "q4", "q6"] });
  const back = C.unpack(text, [{ key: "r/t", theses: [changed, B] }], keyOfQuiz);
  assert.equal(back.records["quiz:r/t/a/"], undefined);
});

test("suspend_data: переполнение опускает по порядку, итоговые тесты — последними", () => {
  const store = { "kb:v1:visited": { a: "2026-12-01", b: "2026-12-01" }, "quiz:r/t/a/": answers(A.quiz, 4),
    "kb:v1:checklist:r/t/a/chek-list/": { i1: true },
    "kb:v1:dialogue:zvonok": { version: "v1", best: { percent: 90, passed: true } },
    "kb:v1:final:r/t": { percent: 83, passed: true, right: 5, total: 6, date: "2026-12-03T10:00:00.000Z", name: "Анна Петрова" } };
  const state = C.collect([TOPIC], source(store));
  const full = C.pack(state).text.length;
  const sizes = [];
  for (let max = full; max > 0; max--) {
    const p = C.pack(state, max);
    if (!sizes.length || sizes[sizes.length - 1] !== p.omitted) sizes.push(p.omitted);
    if (p.text !== null) assert.ok(p.text.length <= max);
  }
  assert.deepEqual(sizes, ["", "v", "vc", "vcn", "vcnq", "vcnqd", "vcnqdf"]);
  const onlyFinal = JSON.parse(C.pack(state, JSON.stringify({ v: 1, t: {}, f: { "r/t": [83, 1, 5, 6, "x", ""] }, o: "vcnqd" }).length + 10).text);
  assert.equal(onlyFinal.f["r/t"][0], 83);
  assert.equal(onlyFinal.d, undefined);
});

test("LMS: статус и балл по итоговым тестам всех тем", () => {
  const other = { key: "r/u", theses: [] };
  const src = (finals) => ({ final: (k) => finals[k] || null });
  assert.deepEqual(C.lmsResult([TOPIC, other], src({})), { status: "incomplete", score: null });
  assert.deepEqual(C.lmsResult([TOPIC, other], src({ "r/t": { percent: 90, passed: true } })), { status: "incomplete", score: "45" });
  assert.deepEqual(C.lmsResult([TOPIC, other], src({ "r/t": { percent: 90, passed: true }, "r/u": { percent: 70, passed: false } })),
    { status: "failed", score: "80" });
  assert.deepEqual(C.lmsResult([TOPIC, other], src({ "r/t": { percent: 90, passed: true }, "r/u": { percent: 80, passed: true } })),
    { status: "passed", score: "85" });
  assert.deepEqual(C.lmsResult([], src({})).status, "incomplete");
});

/* ---------- границы, которые ловят однословные поломки (scripts/mutants.py) ---------- */

test("ключи: служебные виды и неизвестное", () => {
  assert.equal(C.kindOf("kb:v1:fill").kind, "fill");
  assert.equal(C.kindOf("kb:v1:learner").kind, "learner");
  assert.equal(C.kindOf("kb:v1:deck").kind, "deck");
  assert.equal(C.kindOf(5), null);
  assert.equal(C.fileKind("kb:v1:fill"), null);
  assert.equal(C.fileKind("kb:v1:learner"), null);
  assert.equal(C.fileKind("quiz_progress_/a/"), null, "в файле тесты — только как quiz:<адрес>");
  assert.equal(C.fileKind("kb:v1:nope"), null);
  assert.deepEqual(C.fileKind("quiz:a/"), { kind: "quiz", id: "a/" });
});

test("оценка: один вопрос, процент одного из одного", () => {
  assert.equal(C.percent(1, 1), 100);
  assert.equal(C.quizStatus(["q"], { q: { answered: true, correct: true } }, 0.8).passed, true);
  assert.equal(C.quizStatus(["q"], { q: { answered: true, correct: false } }, 0.8).passed, false);
});

test("даты: день ГГГГ-ММ-ДД — полночь по часам ученика; не строка — пусто", () => {
  assert.equal(C.parseTime("2026-12-05"), new Date(2026, 11, 5).getTime());
  assert.equal(C.parseTime("2026-01-31"), new Date(2026, 0, 31).getTime());
  assert.equal(C.dayText(5), "");
  assert.equal(C.dayText(null), "");
  assert.equal(C.dayText("2026-01-31"), "31.01.2026");
});

test("форма записей: границы чисел и имён", () => {
  const ok = { percent: 80, passed: true };
  assert.equal(C.checkRecord("final", Object.assign({ right: 5 }, ok)), "", "верные без общего числа — не ошибка");
  assert.equal(C.checkRecord("final", Object.assign({ right: 0, total: 0 }, ok)), "");
  assert.equal(C.checkRecord("final", Object.assign({ right: 10000, total: 10000 }, ok)), "");
  assert.match(C.checkRecord("final", Object.assign({ right: 1, total: 10001 }, ok)), /больше/);
  assert.equal(C.checkRecord("final", Object.assign({ name: "я".repeat(200) }, ok)), "");
  assert.match(C.checkRecord("final", Object.assign({ name: "я".repeat(201) }, ok)), /имя/);
  assert.match(C.checkRecord("final", Object.assign({ name: 5 }, ok)), /имя/);
  assert.equal(C.checkRecord("final", { percent: 0, passed: false, date: "2026-12-01T00:00:00Z" }), "");
  assert.equal(C.checkRecord("dialogue", { version: "v", best: { percent: 0, passed: false } }), "");
  assert.equal(C.checkRecord("dialogue", { version: "v", best: { percent: 100, passed: true } }), "");
  assert.match(C.checkRecord("dialogue", { version: "v", best: { percent: 101, passed: true } }), /вне/);
  assert.match(C.checkRecord("dialogue", { version: "v", best: { percent: -1, passed: true } }), /вне/);
  assert.match(C.checkRecord("dialogue", { version: "v", best: { percent: 90 } }), /сдан/);
  assert.match(C.checkRecord("dialogue", { version: "v", best: { percent: 90, passed: true, date: "x" } }), /дата/);
  assert.match(C.checkRecord("dialogue", { version: "v" }), /лучшего/);
  assert.match(C.checkRecord("quiz", { q: null }), /answered и correct/);
  assert.match(C.checkRecord("quiz", { q: { answered: "да", correct: true } }), /answered и correct/);
  assert.equal(C.checkRecord("attempt", {}), "");
  assert.equal(C.checkRecord("dialogue-run", {}), "");
  assert.equal(C.checkRecord("deck", {}), "");
  assert.match(C.checkRecord("checklist", { a: true, b: 1 }), /не true/);
});

test("сверка с курсом: точные числа отброшенного", () => {
  const index = C.courseIndex([TOPIC]);
  assert.deepEqual(C.fitToCourse("final", "x/y", { percent: 1 }, index), { value: null, dropped: 1 });
  assert.deepEqual(C.fitToCourse("attempt", "r/t", {}, index), { value: {}, dropped: 0 });
  assert.deepEqual(C.fitToCourse("dialogue-run", "zvonok", { a: 1 }, index), { value: { a: 1 }, dropped: 0 });
  assert.deepEqual(C.fitToCourse("dialogue-run", "nope", {}, index), { value: null, dropped: 1 });
  assert.deepEqual(C.fitToCourse("quiz", "r/t/a/", { q1: {}, q2: {} }, index), { value: { q1: {}, q2: {} }, dropped: 0 });
});

test("слияние: счёт добавленного и заменённого по каждому виду", () => {
  assert.deepEqual(C.mergeRecord("quiz", { q1: {} }, null), { value: { q1: {} }, added: 0, replaced: 0 });
  for (const kind of ["final", "legacy-final", "attempt", "dialogue", "dialogue-run"]) {
    assert.equal(C.mergeRecord(kind, null, { a: 1, b: 2 }).added, 1, kind);
    assert.equal(C.mergeRecord(kind, null, { a: 1, b: 2 }).replaced, 0, kind);
  }
  assert.deepEqual([C.mergeRecord("checklist", null, { a: true, b: true }).added, C.mergeRecord("checklist", null, { a: true }).replaced], [2, 0]);
  const older = { percent: 10, passed: false, date: "2026-12-01T00:00:00Z" };
  const newer = { percent: 20, passed: false, date: "2026-12-02T00:00:00Z" };
  assert.deepEqual(C.mergeRecord("final", older, newer), { value: newer, added: 0, replaced: 1 });
  assert.deepEqual(C.mergeRecord("final", newer, older), { value: newer, added: 0, replaced: 0 });
  assert.deepEqual(C.mergeRecord("final", { percent: 1, passed: false }, { percent: 2, passed: false }).replaced, 0, "без дат — здешний");
  const d1 = { version: "v1", best: { percent: 90, passed: true } };
  assert.deepEqual(C.mergeRecord("dialogue", d1, { version: "v0", best: { percent: 100, passed: true } }), { value: d1, added: 0, replaced: 0 });
  assert.deepEqual(C.mergeRecord("dialogue", d1, { version: "v1", best: { percent: 50, passed: false } }), { value: d1, added: 0, replaced: 0 });
  assert.deepEqual(C.mergeRecord("dialogue", d1, { version: "v1", best: { percent: 95, passed: true } }).replaced, 1);
  assert.deepEqual(C.mergeRecord("attempt", { s: 1 }, { s: 2 }), { value: { s: 1 }, added: 0, replaced: 0 });
  assert.deepEqual(C.mergeRecord("dialogue-run", { s: 1 }, { s: 2 }), { value: { s: 1 }, added: 0, replaced: 0 });
  assert.deepEqual(C.mergeRecord("visited", { a: "2026-01-01" }, { a: "2026-01-01" }), { value: { a: "2026-01-01" }, added: 0, replaced: 0 });
});

test("лучший результат тренажёра: процент, дата, сданный", () => {
  const a = { percent: 80, passed: true, date: "2026-12-01T00:00:00Z" };
  const b = { percent: 90, passed: true, date: "2026-11-01T00:00:00Z" };
  assert.equal(C.betterDialogue(a, b), b);
  assert.equal(C.betterDialogue(b, a), b);
  const c = { percent: 80, passed: true, date: "2026-12-02T00:00:00Z" };
  assert.equal(C.betterDialogue(a, c), c);
  assert.equal(C.betterDialogue(c, a), c);
  assert.equal(C.betterDialogue({ percent: 80, passed: true }, { percent: 80, passed: true, date: "2026-01-01T00:00:00Z" }).date, "2026-01-01T00:00:00Z");
});

test("перемешивание: все элементы, последний тоже участвует, без random — Math.random", () => {
  assert.deepEqual(C.shuffle([1, 2, 3], () => 0), [2, 3, 1]);
  assert.deepEqual(C.shuffle([1, 2, 3], () => 0.99), [1, 2, 3]);
  assert.deepEqual(C.shuffle([1, 2], undefined).sort(), [1, 2]);
});

test("попытка: подменённый вариант, без порядка, пустая — не годится", () => {
  const index = finalIndex();
  assert.equal(C.attemptFits({ questions: ["fa1"], order: { fa1: ["x", "y", "bogus"] } }, index), false);
  assert.equal(C.attemptFits({ questions: ["fa1"], order: { fa1: ["z", "y", "x"] } }, index), true);
  assert.equal(C.attemptFits({ questions: ["fa1"] }, index), false);
  assert.equal(C.attemptFits({ questions: [], order: {} }, index), false);
  assert.equal(C.attemptFits({ questions: "fa1", order: {} }, index), false);
});

test("две вкладки: без отметок времени и при равном времени побеждает эта вкладка", () => {
  const stored = { started: "s", picks: { q1: ["a"] }, name: "Старое", nameTime: 5 };
  const mine = { started: "s", picks: { q1: ["b"] }, name: "Новое", nameTime: 5 };
  const m = C.mergeAttempt(stored, mine);
  assert.deepEqual(m.picks.q1, ["b"]);
  assert.equal(m.name, "Новое");
  const timed = C.mergeAttempt(Object.assign({}, stored, { times: { q1: 3 } }), Object.assign({}, mine, { times: { q1: 3 } }));
  assert.deepEqual(timed.picks.q1, ["b"]);
  assert.equal(timed.times.q1, 3);
  const onlyStored = C.mergeAttempt(Object.assign({}, stored, { times: { q1: 0 } }), { started: "s", picks: {} });
  assert.deepEqual(onlyStored.picks.q1, ["a"]);
});

test("оценка попытки: имя, вопрос тезиса вне темы, без ответа — неверно", () => {
  const index = finalIndex();
  index.extra = { thesis: { id: "zz" }, q: { id: "extra", answers: [{ id: "x", correct: true }] } };
  const r = C.scoreAttempt({ questions: ["fa1", "extra", "fa2"], picks: { fa1: ["x"], extra: ["x"] }, name: "Аня", started: "s" }, index, TOPIC, 0.8, 0);
  assert.equal(r.name, "Аня");
  assert.deepEqual(r.theses.find((t) => t.id === "zz"), { id: "zz", right: 1, total: 1 });
  assert.deepEqual([r.right, r.total, r.passed], [2, 3, false]);
  assert.equal(C.scoreAttempt({ questions: ["fa1"], picks: { fa1: ["x"] }, started: "s" }, index, TOPIC, 0.8, 0).name, "");
});

test("тренажёр: ответ после концовки, нулевой максимум, счёт попыток", () => {
  assert.equal(C.walkDialogue(D, ["s.3", "mid.2"]).why, "ответ после концовки");
  assert.equal(C.walkDialogue(D, ["nope"]).why, "такого ответа на этом шаге нет");
  const zero = C.dialogueResult(Object.assign({}, D, { max: 0 }), ["s.1", "mid.2"], 0.8, 0);
  assert.deepEqual([zero.percent, zero.passed], [0, false]);
  const rec = C.recordDialogue({ version: "v1", best: { percent: 10, passed: false }, attempts: 2 }, D, { percent: 20, passed: false });
  assert.equal(rec.attempts, 3);
});

test("файл прогресса: границы размера и имени, чужие виды", () => {
  const index = C.courseIndex([TOPIC]);
  const big = C.parseProgress(" ".repeat(C.MAX_FILE), index);
  assert.doesNotMatch(big.why, /слишком большой/, "ровно 2 МиБ — ещё можно");
  assert.equal(C.parseProgress(file({}, { learner: "я".repeat(200) }), index).why, undefined);
  assert.match(C.parseProgress(file({}, { learner: "я".repeat(201) }), index).why, /имя/);
  assert.match(C.parseProgress(file({ "kb:v1:fill": {} }), index).why, /неизвестна/);
  assert.match(C.parseProgress(file({ "quiz_progress_/a/": {} }), index).why, /неизвестна/);
  assert.match(C.parseProgress(JSON.stringify({ format: "kb-progress", version: 1 }), index).why, /нет записей/);
  assert.equal(C.parseProgress(5, index).why, "браузер не смог его прочитать");
  assert.deepEqual(Object.keys(C.parseProgress(file({ "kb:v1:visited": { zz: "2026-01-01" } }), null).entries), ["kb:v1:visited"]);
});

test("источник из файла: прежний единый итоговый тест — первой теме; не объект — нет записи", () => {
  const src = C.fileSource({ "kb:v1:final": { percent: 70, passed: false }, "kb:v1:visited": 5 }, [TOPIC, { key: "r/u", theses: [] }]);
  assert.equal(src.final("r/t").percent, 70);
  assert.equal(src.final("r/u"), null);
  assert.equal(src.visited(), null);
  assert.equal(C.fileSource({ "kb:v1:final": { percent: 1 } }).final("r/t"), null);
});

test("имя файла: цифры и длина", () => {
  assert.equal(C.exportFileName("Группа 9", "2026-12-05"), "progress-gruppa-9-2026-12-05.json");
  assert.equal(C.exportFileName("a".repeat(80), "d"), "progress-" + "a".repeat(60) + "-d.json");
});

test("группа: сдан ли итоговый, пустое имя, без даты выгрузки, равные даты", () => {
  const index = C.courseIndex([TOPIC]);
  const row = C.learnerRow("f.json", C.parseProgress(JSON.stringify({ format: "kb-progress", version: 1, entries: {
    "kb:v1:final:r/t": { percent: 40, passed: false, name: "  " } } }), index), [TOPIC], 0.8);
  assert.equal(row.finals["r/t"].passed, false);
  assert.equal(row.named, false);
  assert.equal(row.exported, 0);
  assert.equal(row.last, null);
  const passed = C.learnerRow("f.json", C.parseProgress(file({ "kb:v1:final:r/t": { percent: 90, passed: true } }), index), [TOPIC], 0.8);
  assert.equal(passed.finals["r/t"].passed, true);
  const a = { exported: 5, id: "a" };
  const b = { exported: 5, id: "b" };
  assert.equal(C.newerRow(a, b), b, "равные — добавленный позже");
});

test("suspend_data: точная запись отметок, ответов и итогового теста", () => {
  const store = {
    "quiz:r/t/a/": { q1: { answered: true, correct: true }, q3: { answered: true, correct: false } },
    "kb:v1:checklist:r/t/a/chek-list/": { i1: true, i4: true, i5: true },
    "kb:v1:final:r/t": { percent: 40, passed: false, right: 2, total: 5, date: "2026-12-03T10:00:00.000Z", name: "Я".repeat(61) },
  };
  const state = C.collect([TOPIC], source(store));
  assert.deepEqual(state.t.a.slice(1), ["", "201", "98"]);
  assert.deepEqual(state.f["r/t"].slice(0, 4), [40, 0, 2, 5]);
  assert.equal(state.f["r/t"][5].length, 60);
  const back = C.unpack(C.pack(state).text, [TOPIC], keyOfQuiz).records;
  assert.deepEqual(back["kb:v1:checklist:r/t/a/chek-list/"], { i1: true, i4: true, i5: true });
  assert.deepEqual(back["quiz:r/t/a/"], { q1: { answered: true, correct: true, selectedValues: [] }, q3: { answered: true, correct: false, selectedValues: [] } });
  assert.equal(back["kb:v1:final:r/t"].passed, false);
  const noQ = JSON.parse(C.pack(state).text);
  noQ.o = "q";
  assert.equal(C.unpack(JSON.stringify(noQ), [TOPIC], keyOfQuiz).records["quiz:r/t/a/"], undefined);
});

test("suspend_data: проверка каждой части записи итогового теста и тренажёра", () => {
  const good = { v: 1, t: {}, f: { "r/t": [100, 1, 10000, 10000, "", ""] }, d: { zvonok: [0, 0, "v1", ""] } };
  const ok = C.unpack(JSON.stringify(good), [TOPIC], keyOfQuiz);
  assert.equal(ok.why, undefined);
  assert.equal(ok.records["kb:v1:final:r/t"].date, "");
  assert.equal(ok.records["kb:v1:dialogue:zvonok"].best.date, undefined);
  const cases = [
    ["f", [101, 1, 1, 1, "", ""]], ["f", [-1, 1, 1, 1, "", ""]], ["f", [50, 2, 1, 1, "", ""]], ["f", [50, 1, 2, 1, "", ""]],
    ["f", [50, 1, 1, 10001, "", ""]], ["f", [50, 1, 1, 1, 5, ""]], ["f", [50, 1, 1, 1, "", 5]], ["f", [50, 1, 1, 1, ""]],
    ["d", [101, 1, "v1", ""]], ["d", [50, 1, 5, ""]], ["d", [50, 1, "v1", 5]], ["d", [50, 1, "v1"]], ["d", "90"],
  ];
  for (const [part, value] of cases) {
    const bad = JSON.parse(JSON.stringify(good));
    if (part === "f") bad.f["r/t"] = value; else bad.d.zvonok = value;
    assert.ok(C.unpack(JSON.stringify(bad), [TOPIC], keyOfQuiz).why, JSON.stringify(value));
  }
  assert.match(C.unpack(JSON.stringify(Object.assign({}, good, { d: [] })), [TOPIC], keyOfQuiz).why, /формате/);
  assert.match(C.unpack(JSON.stringify(Object.assign({}, good, { o: 5 })), [TOPIC], keyOfQuiz).why, /формате/);
  assert.match(C.unpack(JSON.stringify({ v: 1, t: { a: 5 }, f: {} }), [TOPIC], keyOfQuiz).why, /повреждена/);
});
