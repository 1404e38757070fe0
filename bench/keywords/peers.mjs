#!/usr/bin/env node
// peers.mjs: the npm keyword extractors on one keyphrase set, for bench/keywords/run.sh.
//
//   node bench/keywords/peers.mjs DIR PEER OUT
//
// DIR is a set's folder (docs/<id>.txt, split.tsv), PEER one of
//   retext-keywords    retext + retext-pos + retext-keywords ({maximum: 10}),
//                      file.data.keywords, each as toString(matches[0].node)
//   retext-keyphrases  the same run, file.data.keyphrases, toString(matches[0].nodes)
//   keyword-extractor  extract(text, {language: "english", remove_digits: true,
//                      return_changed_case: true, remove_duplicates: false}), its
//                      README's call: the text's non-stop words in text order
// and OUT the file for the predictions (id<TAB>phrase lines, best first). Prints
// PEER<TAB>documents<TAB>seconds of the extraction calls alone (process.cpuUsage,
// user + system; reading the files is not timed).
import fs from 'node:fs';
import {toString} from 'nlcst-to-string';
import {retext} from 'retext';
import retextKeywords from 'retext-keywords';
import retextPos from 'retext-pos';
import extractor from 'keyword-extractor';

const [dir, peer, out] = process.argv.slice(2);
if (!dir || !peer || !out) {
  process.stderr.write('usage: node peers.mjs DIR PEER OUT\n');
  process.exit(2);
}
const ids = fs.readFileSync(`${dir}/split.tsv`, 'utf8').split('\n')
  .filter((l) => l.includes('\t')).map((l) => l.split('\t')[0]);
const texts = ids.map((id) => fs.readFileSync(`${dir}/docs/${id}.txt`, 'utf8'));

let run;
if (peer === 'retext-keywords' || peer === 'retext-keyphrases') {
  const proc = retext().use(retextPos).use(retextKeywords, {maximum: 10});
  run = (t) => {
    const file = proc.processSync(t);
    if (peer === 'retext-keywords') {
      return (file.data.keywords || []).map((k) => toString(k.matches[0].node));
    }
    return (file.data.keyphrases || []).map((k) => toString(k.matches[0].nodes));
  };
} else if (peer === 'keyword-extractor') {
  const opts = {language: 'english', remove_digits: true, return_changed_case: true,
    remove_duplicates: false};
  run = (t) => extractor.extract(t, opts);
} else {
  process.stderr.write(`peers.mjs: unknown peer ${peer}\n`);
  process.exit(2);
}

const results = [];
const t0 = process.cpuUsage();
for (const t of texts) results.push(run(t));
const dt = process.cpuUsage(t0);
const lines = [];
ids.forEach((id, i) => {
  for (const p of results[i]) lines.push(`${id}\t${String(p).replace(/[\t\n\r]+/g, ' ')}`);
});
fs.writeFileSync(out, lines.length ? lines.join('\n') + '\n' : '');
process.stdout.write(`${peer}\t${ids.length}\t${((dt.user + dt.system) / 1e6).toFixed(3)}\n`);
