'use strict';
// peers.js: the peer entity taggers (wink-nlp, compromise) behind one interface,
// shared by tag.js and speed.js so that both time and print exactly the same work.
//
//   const peers = require('./peers');
//   const peer = peers.load('wink');            // or 'compromise'; loads the module/model
//   const spans = peers.tagText(peer, text);    // [{start, stop, type, text}], byte offsets
//
// Spans use kata's convention: 1-based inclusive BYTE offsets into the UTF-8 encoding of
// `text` (Lua's s:sub(start, stop) gives the entity text). They are sorted and never overlap.
//
// How the work is done (see README.md):
//   1. The text is split into paragraphs at blank lines (a line holding only spaces or
//      tabs counts as blank). A paragraph longer than MAX_PARA UTF-16 code units (the King
//      James Bible part of bench/data/english.txt has one verse a line and no blank line
//      for 4 MB) is cut into chunks of whole lines of at most MAX_PARA code units.
//   2. Each paragraph goes through the peer on its own (a fresh wink doc / compromise doc).
//   3. The peer's spans come back as UTF-16 code unit ranges [start, end) in the paragraph
//      (wink: from token values and preceding spaces; compromise: from its term offsets).
//   4. Types are mapped onto kata's 12 types; unmapped types are dropped.
//   5. Overlaps inside a paragraph are resolved: the longer span wins (ties: the earlier
//      one, then the type listed first in the peer's PRIORITY).
//   6. UTF-16 ranges become UTF-8 byte offsets by walking the paragraph once.

const path = require('path');

const MAX_PARA = 8192;

const KATA_TYPES = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'DATE', 'TIME', 'MONEY',
  'PERCENT', 'NUMBER', 'URL', 'EMAIL', 'HASHTAG', 'MENTION']);

function pkgVersion(name) {
  // Read node_modules/NAME/package.json directly: compromise's "exports" hides it.
  return require(path.join(__dirname, 'node_modules', name, 'package.json')).version;
}

// ---------------------------------------------------------------------------------------
// Paragraphs: [{text, offset}] with offset the UTF-16 index of the paragraph in `text`.
function splitParagraphs(text, maxPara = MAX_PARA) {
  const out = [];
  const sep = /\n[ \t]*(?:\r?\n[ \t]*)*\r?\n/g; // a blank line (or several)
  let from = 0;
  const push = (a, b) => {
    // trim leading/trailing newlines only; offsets stay exact
    while (a < b && (text.charCodeAt(a) === 10 || text.charCodeAt(a) === 13)) a++;
    while (b > a && (text.charCodeAt(b - 1) === 10 || text.charCodeAt(b - 1) === 13)) b--;
    if (b <= a) return;
    if (b - a <= maxPara) { out.push({ text: text.slice(a, b), offset: a }); return; }
    // oversize paragraph: chunks of whole lines, each at most maxPara code units
    // (a single line longer than maxPara is kept whole)
    let cs = a;
    while (cs < b) {
      let ce = Math.min(cs + maxPara, b);
      if (ce < b) {
        const nl = text.lastIndexOf('\n', ce - 1);
        if (nl >= cs) ce = nl + 1;
        else { const n2 = text.indexOf('\n', ce); ce = n2 < 0 || n2 >= b ? b : n2 + 1; }
      }
      let e = ce;
      while (e > cs && (text.charCodeAt(e - 1) === 10 || text.charCodeAt(e - 1) === 13)) e--;
      if (e > cs) out.push({ text: text.slice(cs, e), offset: cs });
      cs = ce;
    }
  };
  let m;
  while ((m = sep.exec(text)) !== null) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}

// ---------------------------------------------------------------------------------------
// Overlaps: keep the longer span; ties: the earlier start, then the type earlier in
// `priority`. Input spans {start, end, type} (UTF-16, end exclusive). Output sorted.
function resolveOverlaps(spans, priority) {
  const rank = (t) => { const i = priority.indexOf(t); return i < 0 ? priority.length : i; };
  const order = spans.slice().sort((x, y) =>
    (y.end - y.start) - (x.end - x.start) || x.start - y.start || rank(x.type) - rank(y.type));
  const kept = [];
  for (const s of order) {
    if (s.end <= s.start) continue;
    let clash = false;
    for (const k of kept) if (s.start < k.end && k.start < s.end) { clash = true; break; }
    if (!clash) kept.push(s);
  }
  return kept.sort((x, y) => x.start - y.start);
}

// ---------------------------------------------------------------------------------------
// UTF-16 [start, end) ranges (sorted by start, non-overlapping) -> 1-based inclusive byte
// offsets, plus `base` bytes. One pass over the paragraph. Surrogate pairs are 4 bytes.
function toByteSpans(text, spans, base) {
  const out = [];
  let cu = 0, bytes = 0; // bytes = UTF-8 length of text.slice(0, cu)
  const advance = (to) => {
    while (cu < to) {
      const c = text.charCodeAt(cu);
      if (c < 0x80) { bytes += 1; cu += 1; }
      else if (c < 0x800) { bytes += 2; cu += 1; }
      else if (c >= 0xD800 && c <= 0xDBFF && cu + 1 < text.length) {
        const d = text.charCodeAt(cu + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { bytes += 4; cu += 2; } else { bytes += 3; cu += 1; }
      } else { bytes += 3; cu += 1; }
    }
  };
  for (const s of spans) {
    advance(s.start);
    const b0 = bytes;
    advance(s.end);
    out.push({ start: base + b0 + 1, stop: base + bytes, type: s.type, text: text.slice(s.start, s.end) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Durations (both peers): sub-day units -> TIME, day and longer -> DATE, else dropped.
// A numeric count that makes a sub-day duration a day or more ("36 hours") -> DATE.
function durationType(s) {
  const t = s.toLowerCase();
  const n = (() => { const m = t.match(/(\d+(?:\.\d+)?)/); return m ? parseFloat(m[1]) : null; })();
  let m;
  if ((m = t.match(/\b(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b/))) {
    const u = m[1];
    const perDay = /^s/.test(u) ? 86400 : /^m/.test(u) ? 1440 : 24;
    return n !== null && n >= perDay ? 'DATE' : 'TIME';
  }
  if (/\b(days?|nights?|weeks?|fortnights?|months?|years?|yrs?|decades?|centur(y|ies)|millenni(um|a)|weekends?)\b/.test(t)) return 'DATE';
  return null;
}

// ---------------------------------------------------------------------------------------
// wink-nlp with wink-eng-lite-web-model.
// Type mapping (the lite model has no PERSON/LOCATION/ORGANIZATION at all):
//   DATE -> DATE, TIME -> TIME, DURATION -> TIME if under a day, DATE if a day or more
//   (durationType), MONEY -> MONEY, PERCENT -> PERCENT, CARDINAL -> NUMBER, URL -> URL,
//   EMAIL -> EMAIL, HASHTAG -> HASHTAG, MENTION -> MENTION; ORDINAL, EMOJI, EMOTICON
//   (and anything else) dropped.
// Offsets: wink's tokenizer is lossless (token values + preceding spaces rebuild the
// text), so token i starts where the text rebuilt from tokens 0..i-1 (+ its preceding
// spaces) ends. Each token is checked against the text; if it does not match there, it
// is searched forward from that point (never seen on the test texts).
const WINK_MAP = {
  DATE: 'DATE', TIME: 'TIME', MONEY: 'MONEY', PERCENT: 'PERCENT', CARDINAL: 'NUMBER',
  URL: 'URL', EMAIL: 'EMAIL', HASHTAG: 'HASHTAG', MENTION: 'MENTION',
};
const WINK_PRIORITY = ['EMAIL', 'URL', 'MENTION', 'HASHTAG', 'MONEY', 'PERCENT', 'TIME', 'DATE', 'NUMBER'];

function loadWink() {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  const its = nlp.its;
  let searched = 0;
  function extract(text) {
    const doc = nlp.readDoc(text);
    const ents = doc.entities();
    if (ents.length() === 0) return [];
    const vals = doc.tokens().out(its.value);
    const pre = doc.tokens().out(its.precedingSpaces);
    const ts = new Array(vals.length), te = new Array(vals.length);
    let pos = 0;
    for (let i = 0; i < vals.length; i++) {
      pos += pre[i].length;
      const v = vals[i];
      if (text.startsWith(v, pos)) { ts[i] = pos; pos += v.length; }
      else {
        const j = text.indexOf(v, pos);
        searched++;
        if (j < 0) { ts[i] = pos; } else { ts[i] = j; pos = j + v.length; }
      }
      te[i] = pos;
    }
    const spansTok = ents.out(its.span);
    const types = ents.out(its.type);
    const out = [];
    for (let k = 0; k < types.length; k++) {
      const [a, b] = spansTok[k];
      const start = ts[a], end = te[b];
      let type = WINK_MAP[types[k]];
      if (types[k] === 'DURATION') type = durationType(text.slice(start, end));
      if (type) out.push({ start, end, type });
    }
    return out;
  }
  return {
    name: 'wink', extract, priority: WINK_PRIORITY,
    versions: { 'wink-nlp': pkgVersion('wink-nlp'), 'wink-eng-lite-web-model': pkgVersion('wink-eng-lite-web-model') },
    stats: () => ({ tokens_searched: searched }),
  };
}

// ---------------------------------------------------------------------------------------
// compromise (+ compromise-dates).
// Type mapping:
//   people() -> PERSON, places() -> LOCATION, organizations() -> ORGANIZATION,
//   dates() -> DATE, times() -> TIME, durations() -> TIME/DATE as for wink (durationType),
//   money() -> MONEY, percentages() -> PERCENT, numbers() -> NUMBER except ordinals
//   ("3rd", dropped as wink's ORDINAL is) and except numbers that overlap a money or
//   percent span (compromise's numbers() also returns "$4.5 million" or "12%"). A money
//   or percent match lying inside a numbers() match is widened to that match: money()
//   gives "$4.5" of "$4.5 million", which numbers() reads as one value;
//   urls() -> URL, emails() -> EMAIL, hashTags() -> HASHTAG, atMentions() -> MENTION.
//   A span that dates() and times() both return is TIME (PRIORITY).
// Offsets: doc.compute('offset') once per paragraph gives every term its UTF-16
// {start, length} (the term's own text, without the punctuation and spaces compromise
// keeps in pre/post); a match spans from its first term's start to its last term's end.
// Two fixes of compromise's matches, both on term boundaries:
//   - dates/times/durations: leading and trailing terms tagged Preposition, Determiner or
//     Conjunction are dropped ("on Monday" -> "Monday", "at 3:30 pm" -> "3:30 pm");
//   - a match whose last term is tagged Abbreviation and followed by "." in the text gets
//     the "." back ("Apple Inc." rather than "Apple Inc"), as compromise keeps it in post;
//   - a match whose last term is tagged Possessive loses a final "'s" or "’s"
//     ("Jakarta’s" -> "Jakarta"; compromise keeps it inside the term's text).
// Terms with empty text (implicit words of contractions) are skipped. A term whose offset
// does not point at its text is searched forward from the previous term (counted).
const CMP_PRIORITY = ['EMAIL', 'URL', 'MENTION', 'HASHTAG', 'MONEY', 'PERCENT', 'TIME', 'DATE',
  'PERSON', 'ORGANIZATION', 'LOCATION', 'NUMBER'];
const CMP_METHODS = [
  ['people', 'PERSON'], ['places', 'LOCATION'], ['organizations', 'ORGANIZATION'],
  ['dates', 'DATE'], ['times', 'TIME'], ['durations', 'DURATION'],
  ['money', 'MONEY'], ['percentages', 'PERCENT'], ['numbers', 'NUMBER'],
  ['urls', 'URL'], ['emails', 'EMAIL'], ['hashTags', 'HASHTAG'], ['atMentions', 'MENTION'],
];
const STRIP_TAGS = ['Preposition', 'Determiner', 'Conjunction'];

function loadCompromise() {
  const nlp = require('compromise');
  let datesPlugin = false;
  try { nlp.plugin(require('compromise-dates')); datesPlugin = true; } catch (e) {
    process.stderr.write(`peers.js: compromise-dates not used: ${e.message}\n`);
  }
  let searched = 0;
  const hasTag = (t, tag) => t.tags && t.tags.has(tag);
  function termRange(text, t, from) {
    const o = t.offset;
    if (o && text.startsWith(t.text, o.start)) return [o.start, o.start + t.text.length];
    searched++;
    const j = text.indexOf(t.text, from);
    return j < 0 ? null : [j, j + t.text.length];
  }
  function extract(text) {
    const doc = nlp(text);
    doc.compute('offset');
    const raw = [];
    for (const [method, kind] of CMP_METHODS) {
      if (typeof doc[method] !== 'function') continue;
      const view = doc[method]();
      for (const terms0 of view.docs) {
        let terms = terms0.filter((t) => t.text !== '');
        if (kind === 'NUMBER' && terms.some((t) => hasTag(t, 'Ordinal'))) continue;
        if (kind === 'DATE' || kind === 'TIME' || kind === 'DURATION') {
          let a = 0, b = terms.length;
          while (a < b && STRIP_TAGS.some((g) => hasTag(terms[a], g))) a++;
          while (b > a && STRIP_TAGS.some((g) => hasTag(terms[b - 1], g))) b--;
          terms = terms.slice(a, b);
        }
        if (terms.length === 0) continue;
        const r0 = termRange(text, terms[0], 0);
        if (!r0) continue;
        const r1 = terms.length === 1 ? r0 : termRange(text, terms[terms.length - 1], r0[1]);
        if (!r1) continue;
        let start = r0[0], end = r1[1];
        const last = terms[terms.length - 1];
        if (hasTag(last, 'Abbreviation') && text.charCodeAt(end) === 46) end++;
        if (hasTag(last, 'Possessive') && end - start > 2 && /['\u2019]s$/i.test(text.slice(end - 2, end))) end -= 2;
        let type = kind;
        if (kind === 'DURATION') type = durationType(text.slice(start, end));
        if (type) raw.push({ start, end, type });
      }
    }
    // money()/percentages() inside a longer numbers() match take that match's span
    // (money() gives "$400" of "$400 million", which numbers() reads as one value);
    // then numbers inside (or overlapping) money/percent are not separate NUMBERs
    const mp = raw.filter((s) => s.type === 'MONEY' || s.type === 'PERCENT');
    for (const k of mp) {
      for (const n of raw) {
        if (n.type === 'NUMBER' && n.start <= k.start && n.end >= k.end) {
          k.start = n.start; k.end = Math.max(k.end, n.end);
        }
      }
    }
    return raw.filter((s) => s.type !== 'NUMBER' ||
      !mp.some((k) => s.start < k.end && k.start < s.end));
  }
  const versions = { compromise: pkgVersion('compromise') };
  if (datesPlugin) versions['compromise-dates'] = pkgVersion('compromise-dates');
  return {
    name: 'compromise', extract, priority: CMP_PRIORITY, versions,
    stats: () => ({ terms_searched: searched }),
  };
}

function load(name) {
  if (name === 'wink') return loadWink();
  if (name === 'compromise') return loadCompromise();
  throw new Error(`unknown peer "${name}" (want wink or compromise)`);
}

// One paragraph: peer spans -> kata types -> no overlaps -> byte offsets (+ baseBytes).
function tagParagraph(peer, text, baseBytes) {
  const spans = resolveOverlaps(peer.extract(text).filter((s) => KATA_TYPES.has(s.type)), peer.priority);
  return toByteSpans(text, spans, baseBytes);
}

// A whole text: paragraphs, each tagged on its own; byte offsets into the whole text.
function tagText(peer, text, paras) {
  paras = paras || splitParagraphs(text);
  const out = [];
  let cu = 0, bytes = 0;
  for (const p of paras) {
    bytes += Buffer.byteLength(text.slice(cu, p.offset), 'utf8');
    for (const s of tagParagraph(peer, p.text, bytes)) out.push(s);
    bytes += Buffer.byteLength(p.text, 'utf8');
    cu = p.offset + p.text.length;
  }
  return out;
}

module.exports = {
  load, tagText, tagParagraph, splitParagraphs, resolveOverlaps, toByteSpans, durationType,
  MAX_PARA, KATA_TYPES,
};
