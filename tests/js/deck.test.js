/* Правила колоды «Повторения» (kb-core.js) с планировщиком ts-fsrs из vendor/: `node --test tests/js`.
 * Даты — по часам ученика (new Date(год, месяц, день, час)), поэтому тест не зависит от пояса машины. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const C = require("../../docs/assets/javascripts/kb-core-tools.js"); // обе части ядра: kb-core.js и kb-core-tools.js
const FSRS = require("../../docs/assets/javascripts/vendor/ts-fsrs-5.4.2.umd.js");

const S = C.fsrsScheduler(FSRS);
const at = (d, h = 12, min = 0) => new Date(2026, 11, d, h, min).getTime(); /* декабрь 2026 */
const T = { id: "a", url: "r/t/a/", quiz: ["quiz-q1", "quiz-q2", "quiz-q3"] };
const Q = { thesis: "a", url: "r/t/a/" };

function dueIds(deck, when) { return C.dueList(deck, when); }

test("неверный ответ в тесте тезиса: на повторение со следующего дня по часам ученика, не раньше", () => {
  const deck = { "quiz-q1": C.enterCard(Q, false, at(5, 23, 50)) };
  assert.equal(deck["quiz-q1"].due, "2026-12-06");
  assert.deepEqual(dueIds(deck, at(5, 23, 59)), []);
  assert.deepEqual(dueIds(deck, at(6, 0, 0)), ["quiz-q1"]);
  assert.deepEqual(dueIds(deck, at(9)), ["quiz-q1"]); /* пропущенный день: ждёт, а не исчезает */
});

test("верный с первого раза: входит с долгим первым интервалом", () => {
  const c = C.enterCard(Q, true, at(5));
  assert.equal(c.due, C.addDays("2026-12-05", C.DECK.enterRight));
  assert.ok(C.DECK.enterRight >= 7);
  assert.deepEqual(dueIds({ x: c }, at(5 + C.DECK.enterRight - 1, 23, 59)), []);
  assert.deepEqual(dueIds({ x: c }, at(5 + C.DECK.enterRight, 0, 1)), ["x"]);
});

test("ответы теста входят в колоду один раз: уже бывшее в колоде не меняется", () => {
  const answers = { "quiz-q1": { answered: true, correct: false }, "quiz-q2": { answered: true, correct: true },
    "quiz-q3": { answered: false, correct: false }, "quiz-old": { answered: true, correct: false } };
  const first = C.enterAnswers({}, T, answers, at(5));
  assert.deepEqual(first.added, ["quiz-q1", "quiz-q2"]);
  assert.equal(first.deck["quiz-q1"].entered, "wrong");
  assert.equal(first.deck["quiz-q2"].entered, "right");
  assert.equal(first.deck["quiz-old"], undefined); /* вопроса нет в тезисе */
  const again = C.enterAnswers(first.deck, T, { "quiz-q1": { answered: true, correct: true } }, at(7));
  assert.deepEqual(again.added, []);
  assert.equal(again.deck["quiz-q1"], first.deck["quiz-q1"]);
});

test("оценка по ответу: неверно — снова, верно — хорошо, верно и трудно — трудно", () => {
  assert.equal(C.rating(false, false), "again");
  assert.equal(C.rating(false, true), "again");
  assert.equal(C.rating(true, false), "good");
  assert.equal(C.rating(true, true), "hard");
  assert.throws(() => C.reviewCard(C.enterCard(Q, false, at(5)), "bad", at(6), S));
});

test("верные повторения отодвигают вопрос всё дальше, неверное возвращает назавтра", () => {
  let c = C.enterCard(Q, false, at(5));
  let when = at(6);
  const gaps = [];
  for (let i = 0; i < 4; i++) {
    c = C.reviewCard(c, "good", when, S);
    gaps.push(c.ivl);
    assert.equal(c.due, C.addDays(C.localDay(new Date(when)), c.ivl));
    assert.deepEqual(dueIds({ x: c }, when), []); /* сегодня больше не спрашиваем */
    when = new Date(2026, 11, 6 + gaps.reduce((a, b) => a + b, 0), 12).getTime();
  }
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i] > gaps[i - 1], `интервалы растут: ${gaps}`);
  assert.equal(c.reps, 4);
  assert.equal(c.lapses, 0);
  const lapsed = C.reviewCard(c, "again", when, S);
  assert.equal(lapsed.ivl, 1);
  assert.equal(lapsed.due, C.addDays(C.localDay(new Date(when)), 1));
  assert.equal(lapsed.lapses, 1);
  const hard = C.reviewCard(c, "hard", when, S);
  const good = C.reviewCard(c, "good", when, S);
  assert.ok(hard.ivl < good.ivl, `«трудно» (${hard.ivl}) ближе, чем «хорошо» (${good.ivl})`);
  assert.ok(hard.ivl > 1);
});

test("первое повторение учитывает вход: верный с первого раза уходит дальше, чем исправленный", () => {
  const right = C.reviewCard(C.enterCard(Q, true, at(5)), "good", at(19), S);
  const wrong = C.reviewCard(C.enterCard(Q, false, at(5)), "good", at(19), S);
  assert.ok(right.ivl > C.DECK.enterRight, `после входа «верно» и «хорошо» — дальше первого интервала: ${right.ivl}`);
  assert.ok(right.ivl > wrong.ivl);
  assert.equal(C.checkCard(right), "");
  assert.equal(C.checkRecord("deck", { "quiz-q1": JSON.parse(JSON.stringify(right)) }), "");
});

test("слияние двух колод: по карточке побеждает более позднее повторение, ничего не удаляется", () => {
  const base = C.enterCard(Q, false, at(5));
  const early = C.reviewCard(base, "good", at(6, 9), S);
  const late = C.reviewCard(base, "again", at(6, 10), S);
  const mine = { "quiz-q1": early, "quiz-q2": base };
  const theirs = { "quiz-q1": late, "quiz-q3": C.enterCard(Q, true, at(5)) };
  const m = C.mergeRecord("deck", mine, theirs);
  assert.deepEqual(Object.keys(m.value).sort(), ["quiz-q1", "quiz-q2", "quiz-q3"]);
  assert.equal(m.value["quiz-q1"], late);
  assert.equal(m.added, 1);
  assert.equal(m.replaced, 1);
  const back = C.mergeRecord("deck", theirs, mine);
  assert.equal(back.value["quiz-q1"], late); /* своё позднее не уступает раннему из файла */
  assert.equal(back.replaced, 0);
  const same = C.mergeRecord("deck", mine, { "quiz-q1": early });
  assert.equal(same.added + same.replaced, 0);
  assert.equal(C.newerCard(early, early), early);
  assert.equal(C.mergeRecord("deck", null, theirs).added, 2);
});

test("изменённый или удалённый вопрос уходит из колоды и называется", () => {
  const deck = { "quiz-q1": C.enterCard(Q, false, at(5)), "quiz-gone": C.enterCard(Q, true, at(5)) };
  const fit = C.fitDeck(deck, { "quiz-q1": "a" });
  assert.deepEqual(Object.keys(fit.deck), ["quiz-q1"]);
  assert.deepEqual(fit.removed, [{ id: "quiz-gone", thesis: "a", url: "r/t/a/" }]);
  assert.deepEqual(C.fitDeck(deck, { "quiz-q1": "a", "quiz-gone": "a" }).removed, []);
  /* загрузка файла: карточки вопросов не из курса не загружаются и считаются */
  const index = C.courseIndex([{ key: "r/t", theses: [{ id: "a", url: "r/t/a/", quiz: ["quiz-q1"], checklists: [] }] }]);
  const f = C.fitToCourse("deck", "", deck, index);
  assert.deepEqual(Object.keys(f.value), ["quiz-q1"]);
  assert.equal(f.dropped, 1);
  assert.equal(C.fitToCourse("deck", "", { "quiz-gone": deck["quiz-gone"] }, index).value, null);
});

test("сессия — не больше 10 вопросов, давно ждущие первыми", () => {
  const deck = {};
  for (let i = 0; i < 12; i++) deck["quiz-n" + String(i).padStart(2, "0")] = C.enterCard(Q, false, at(1 + (i % 3)));
  deck["quiz-later"] = C.enterCard(Q, false, at(20));
  const pick = C.sessionPick(deck, at(10));
  assert.equal(pick.length, 10);
  assert.equal(C.DECK.session, 10);
  assert.ok(!pick.includes("quiz-later"));
  assert.deepEqual(pick.map((id) => deck[id].due), pick.map((id) => deck[id].due).slice().sort());
  assert.equal(C.dueList(deck, at(10)).length, 12);
  assert.equal(C.sessionPick({ a: deck["quiz-n00"] }, at(10)).length, 1);
  assert.deepEqual(C.sessionPick({}, at(10)), []);
});

test("сводка и «следующее — завтра / через 3 дня»", () => {
  const deck = { "quiz-a": C.enterCard(Q, false, at(5)), "quiz-b": C.enterCard(Q, true, at(5)) };
  deck["quiz-c"] = Object.assign({}, deck["quiz-a"], { ivl: 21, due: "2026-12-30" });
  deck["quiz-d"] = Object.assign({}, deck["quiz-a"], { ivl: 20, due: "2026-12-30" });
  const s = C.deckSummary(deck, at(5));
  assert.deepEqual(s, { total: 4, learned: 1, due: 0, next: "2026-12-06" });
  assert.equal(C.deckSummary(deck, at(6)).due, 1);
  assert.equal(C.nextDue(deck, at(6)), "2026-12-19");
  assert.equal(C.whenText("2026-12-06", at(5, 23, 59)), "завтра");
  assert.equal(C.whenText("2026-12-08", at(5)), "через 3 дня");
  assert.equal(C.whenText("2026-12-10", at(5)), "через 5 дней");
  assert.equal(C.whenText("2026-12-26", at(5)), "через 21 день");
  assert.equal(C.whenText("2026-12-05", at(5)), "сегодня");
  assert.equal(C.whenText("2026-12-01", at(5)), "сегодня");
  assert.equal(C.addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(C.addDays("2026-03-28", 2), "2026-03-30");
});

test("проверка колоды из файла: испорченная карточка названа", () => {
  const good = C.enterCard(Q, false, at(5));
  assert.equal(C.checkRecord("deck", {}), "");
  assert.equal(C.checkRecord("deck", { "quiz-a": good }), "");
  assert.match(C.checkRecord("deck", { "visited": good }), /не вопрос теста/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { due: "06.12.2026" }) }), /ГГГГ-ММ-ДД/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { last: "вчера" }) }), /не читается/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { ivl: -1 }) }), /вне границ/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { lapses: 1 }) }), /вне границ/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { entered: "maybe" }) }), /первого ответа/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { fsrs: { stability: "x" } }) }), /планировщика/);
  assert.match(C.checkRecord("deck", { "quiz-a": Object.assign({}, good, { thesis: 1 }) }), /нет тезиса/);
  assert.match(C.checkRecord("deck", { "quiz-a": 5 }), /не объект/);
  assert.match(C.checkRecord("deck", []), /объект/);
});

test("границы: ответ без отметки «верно», планировщик с нулём дней, равные по времени карточки, числа", () => {
  const d = C.enterAnswers({}, T, { "quiz-q1": { answered: true } }, at(5)).deck;
  assert.equal(d["quiz-q1"].entered, "wrong"); /* верен только ответ с correct === true */
  assert.equal(d["quiz-q1"].due, "2026-12-06");
  const zero = { next: (state, when, rate) => ({ state: { stability: 0.1, difficulty: 5 }, days: 0 }) };
  const z = C.reviewCard(C.enterCard(Q, false, at(5)), "good", at(6), zero);
  assert.equal(z.ivl, 1);
  assert.equal(z.due, "2026-12-07"); /* не сегодня: шаг курса — день */
  const big = { next: () => ({ state: { stability: 1e9, difficulty: 1 }, days: 1e9 }) };
  assert.equal(C.reviewCard(C.enterCard(Q, false, at(5)), "good", at(6), big).ivl, C.DECK.maxDays);
  const a = C.enterCard(Q, false, at(5));
  const b = Object.assign({}, a, { reps: 1 });
  assert.equal(C.newerCard(a, b), a, "при равном времени остаётся своя");
  assert.equal(C.newerCard(b, a), b);
  assert.equal(C.mergeRecord("deck", { "quiz-q1": a }, { "quiz-q1": b }).replaced, 0);
  assert.equal(C.whenText("2026-12-09", at(5)), "через 4 дня");
  assert.equal(C.whenText("2026-12-27", at(5)), "через 22 дня");
  assert.equal(C.whenText("2026-12-16", at(5)), "через 11 дней");
  assert.equal(C.whenText("2026-12-17", at(5)), "через 12 дней");
  assert.equal(C.whenText("2026-12-19", at(5)), "через 14 дней");
});
