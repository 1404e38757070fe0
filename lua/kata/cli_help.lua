--- kata.cli_help: the `kata` command's help texts, by command (`main`
-- for `kata --help`); docs/cli.md says the same at more length.
-- @module kata.cli_help

local HELP = {}

HELP.main = [[
usage: kata COMMAND [OPTIONS] [FILE...]

Unicode-aware text analytics for news text: words and sentences (UAX #29),
keywords, duplicate paragraphs and entities. Reads each FILE, or standard
input when there is none or FILE is -. A FILE that is a directory stands
for the text files under it, at any depth, in the order of their paths.

commands:
  analyze     a report of each input: language, sizes, paragraphs and their
              duplicates, keywords and key phrases, entities by type
  keywords    the keywords of each input, by key phrases, frequency, TF-IDF or YAKE!
  entities    one line per entity: start, stop, type, text, value
  dedupe      one input: its text without duplicate paragraphs; several
              (or a directory): the paragraphs repeated within and across them
  tokens      one line per token: start, stop, kind, text
  sentences   one line per sentence (UAX #29): start, stop, text
  paragraphs  one line per paragraph: start, stop, text
  help        this text, or a command's: kata help dedupe

options:
  -h, --help     this text (kata COMMAND --help for a command's own)
  --version      the versions of kata, its Unicode data and Lua

Every command also takes --strict (an input with invalid UTF-8 is an error,
not tagged around) and --progress / --no-progress: a progress bar on
standard error, after each of several inputs and through the bytes of an
input of 1 MiB or more; shown by default when it is a terminal.
analyze, entities, keywords (but --method tfidf) and dedupe (but --redis)
take -j N: several inputs processed by N worker processes (default: the
number of cores), the output in input order, the same as one process
prints.

exit status: 0 on success; 1 when an input is bad data (invalid UTF-8
under --strict, a malformed gazetteer); 2 on a usage error or an input or
file that cannot be read. The other inputs are still processed.
]]

HELP.tokens = [[
usage: kata tokens [--json] [--spaces] [--fold] [FILE...]

Prints one token per line: start, stop, kind and text, separated by tabs.
start and stop are 1-based inclusive byte offsets into the file (what Lua's
string.find returns), so they count bytes, not characters. Kinds: word,
number, punct, symbol, emoji, url, email, hashtag, mention, space.

In the text, a backslash, tab, newline and carriage return are written as
\\, \t, \n and \r, other control bytes and every byte of invalid UTF-8 as
\xHH; the rest is written as it is. With more than one input, each line
starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"kind":...,"start":...,"stop":...}
             (and "file" with more than one input). Control characters, the
             quote and the backslash are escaped; each invalid UTF-8
             sequence is replaced by \ufffd, so the output is valid UTF-8.
  --spaces   also print white-space tokens (kind space)
  --fold     print the text case-folded (full Unicode folding); the offsets
             still point into the original bytes
  -h, --help this text
]]

HELP.sentences = [[
usage: kata sentences [--json] [FILE...]

Prints one sentence per line (kata.sentences: UAX #29 sentence
boundaries, no list of abbreviations): start, stop and text, separated by
tabs. The text is the sentence without the white space around it; start
and stop are the 1-based inclusive byte offsets of that text in the file,
so they count bytes, not characters. Text is escaped as by kata tokens (a
line break inside a sentence is written \n). With more than one input,
each line starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"start":...,"stop":...}
             (and "file" with more than one input)
  -h, --help this text
]]

HELP.paragraphs = [[
usage: kata paragraphs [--json] [--by B] [FILE...]

Prints one paragraph per line (kata.paragraphs): start, stop and text,
separated by tabs. The text is the paragraph without the white space
around it; start and stop are the 1-based inclusive byte offsets of that
text in the file. Text is escaped as by kata tokens, so the line breaks
inside a paragraph are written \n. With more than one input, each line
starts with the file name and a tab.

options:
  --json     JSON Lines instead: {"text":...,"start":...,"stop":...}
             (and "file" with more than one input)
  --by B     auto (the default), blank or line: where paragraphs end.
             blank: at blank lines; line: at every line end; auto: blank
             when the text has a blank line between two others, else at
             line ends, joining hard-wrapped lines
  -h, --help this text
]]

HELP.analyze = [[
usage: kata analyze [--json] [-n N] [--lang L] [--threshold T] [--keep-duplicates]
                    [--all-paragraphs] [FILE...]

Prints a report for each input (kata.analyze): its name, language, bytes,
characters (valid code points; ill-formed UTF-8 sequences are counted
apart), words, sentences (UAX #29), paragraphs and how many repeat an
earlier one, the N keywords and key phrases, the entities of each type
with their counts, and the duplicate paragraphs.

Duplicate paragraphs (exact, or near: Jaccard similarity of their words at
least T) are left out of the entities, and a paragraph repeated word for
word counts once in the keywords and key phrases (as in kata keywords), so
a scraper's repeats do not count twice. Keywords are the most frequent words once stop words
are removed; key phrases are kata keywords' default (the key-phrase
method: names and noun phrases of one to three words); the number before
each is how often it occurs.

An input over 384 KiB has its entities tagged in pieces of about 256 KiB
ending at a paragraph break, as kata entities reads it (docs/cli.md).

options:
  --json             one JSON object per input, on one line each (JSON Lines):
                     file, language, confidence, counts {bytes, characters,
                     words, sentences, paragraphs, duplicates, invalid,
                     first_invalid}, keywords and key_phrases (arrays of
                     {"term","count","score"}), entities (every type ->
                     array of {"text","count"[,"value"]}), duplicates (array of {"start","stop",
                     "dup_of","similarity","kind"}: byte offsets, dup_of the
                     number of the paragraph repeated)
  -n N               keywords and key phrases to list, and entities of each
                     type and duplicate paragraphs in the text report (default
                     10, 0 for none)
  --lang L           auto (the default) or a language code (en, id, fr, de,
                     ...): stop words; names are tagged as Indonesian and
                     English
  --threshold T      the least similarity of a near duplicate (default 0.8)
  --keep-duplicates  count duplicate paragraphs like the others (implies
                     --all-paragraphs)
  --all-paragraphs   keywords and key phrases count a repeated paragraph
                     each time it occurs (unique_paragraphs = false)
  -h, --help         this text
]]

HELP.entities = [[
usage: kata entities [--json] [--lang L] [--types T,T...] [--gazetteer FILE]...
                     [FILE...]

Prints the entities of each input (kata.entities), one per line: start,
stop, type and text, separated by tabs, and the value when there is one
(a number, a date as YYYY-MM-DD, an amount and its currency). start and
stop are 1-based inclusive byte offsets. With more than one input, each
line starts with the file name and a tab. Text is escaped as by kata
tokens.

Types: PERSON, LOCATION, ORGANIZATION, DATE, TIME, MONEY, PERCENT, NUMBER,
URL, EMAIL, HASHTAG, MENTION.

options:
  --json            JSON Lines: {"text","type","start","stop"[,"value"]}
                    (and "file" with more than one input); a money value is
                    {"amount","currency"}
  --lang L          en, id or auto (the default)
  --types T,T       only these types
  --gazetteer FILE  phrases of your own, a TSV of phrase, TYPE and an
                    optional value per line (kata.gazetteer); may be given
                    more than once. A malformed line stops the run with
                    FILE:LINE and the reason (exit status 1); a file that
                    cannot be read, or is not a regular file, with exit
                    status 2
  -h, --help        this text
]]

HELP.dedupe = [[
usage: kata dedupe [--threshold T] [--exact] [--by B] [--json] [--list]
                   [--redis HOST:PORT] [--index NAME] [--replicas N] [FILE...]

With one input: writes its text without the paragraphs that repeat an
earlier one (kata.dedupe): every kept byte as it was. With --list, or with
several inputs or a directory: lists the repeated paragraphs instead, one
per line:

  FILE:LINE  paragraph N  repeats  FILE:LINE  paragraph M  (kind, similarity)

where the first is the repeat and the second its first occurrence, in the
same or an earlier input. One input: the pairs kata.duplicates finds, the
paragraphs kata dedupe removes. Across files every paragraph goes through
one duplicate index (kata.index): exact repeats after normalisation, and
near ones whose words' Jaccard similarity is at least T, confirmed exactly
(never a pair kata.duplicates would reject; a teaser is not matched).
With -j N, N worker processes read the inputs and prepare their
paragraphs; the one index takes them in input order, so the list is the
same. Without -j, a worker for each 1.5 MB of input and each idle core
(the cores less the load average): one process below 3 MB or two idle
cores. A summary line goes to standard error.

options:
  --threshold T  the least similarity of a near duplicate (default 0.8)
  --exact        exact repeats only (after case, white space, quotes, dashes)
  --by B         auto (the default), blank or line: where paragraphs end
  --list         list the duplicates of a single input instead of removing them
  --json         JSON Lines: {"file","paragraph","line","start","stop",
                 "dup_file","dup_paragraph","dup_line","kind","similarity",
                 "text"}
  --redis HOST:PORT  list the repeats against one index shared on a Redis
                 Cluster with the kata module (docs/redis.md), which every
                 paragraph not found there joins, as "PARAGRAPH:LINE:FILE";
                 near matches are estimated, as KATA.SHARD.* keeps no text
  --index NAME   the shared index's name (default kata)
  --replicas N   each add waits until N replicas have it (default 0)
  -h, --help     this text
]]

HELP.keywords = [[
usage: kata keywords [--method M] [-n N] [--lang L] [--stem] [--ngrams N]
                     [--no-stopwords] [--all-paragraphs] [--json] [FILE...]

Prints the N best keywords of each input, best first, one per line: score,
count and term, separated by tabs (with more than one input, each line
starts with the file name and a tab). Terms are case-folded; stop words,
numbers and words of one character (two, for yake) are left out. A
paragraph repeated word for word (case, spacing and punctuation aside)
counts once, as in kata analyze and every other route.

methods (--method):
  keyphrase  the default: key phrases of one to three words from a single
             text (names and noun-phrase-like runs of words, ranked by
             count, word rarity, capitals and position; words sharing a
             stem are one); score: higher is better
  frequency  the most frequent terms; score is the term's share of all
             counted terms
  tfidf      frequency weighed by rarity across the inputs: all the inputs
             form one collection (kata.corpus) and each input's terms score
             count * idf, so words every input uses sink. Give it several
             files; with one input every idf is 1 and the order is by count
  yake       YAKE!: key phrases of one to three words from a single text,
             from casing, position, frequency and context; score is
             1 / (1 + S), where S is YAKE!'s score (lower S is better)

options:
  -n N            how many keywords per input (default 10)
  --lang L        the language for stop words and stemming: auto (the
                  default) or a code with a built-in list (en, id, fr, de,
                  es, ...: the 28 Snowball stems). With --no-stopwords, also
                  Snowball's own names (french, porter)
  --stem          count the words that share a stem as one term, shown in
                  its most frequent spelling (Snowball stemmers)
  --ngrams N      count terms of exactly N words (1 to 3), or of LO to HI
                  words with LO-HI (1-3); n-grams never cross a sentence,
                  punctuation or a stop word. For keyphrase and yake, the
                  longest phrase (default 3)
  --no-stopwords  keep stop words
  --all-paragraphs
                  count a repeated paragraph each time it occurs
  --json          one JSON object per input, on one line each: {"file":...,
                  "method":...,"keywords":[{"term":...,"count":...,
                  "score":...},...]}; method yake adds "yake" (S) to each
  -h, --help      this text
]]

return HELP
