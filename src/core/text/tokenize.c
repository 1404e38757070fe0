/*
** tokenize.c: tokens of a text, built on the UAX #29 word segments.
** Adds what news text needs: URLs, e-mail addresses, #hashtags, @mentions,
** emoji sequences and hyphenated words (roket-roket, In-chul) kept whole.
*/
#include <string.h>

#include "internal.h"
#include "unicode/ucd.h"

static const char *const kind_names[KATA_NKINDS] = {
  "word", "number", "punct", "symbol", "emoji",
  "url", "email", "hashtag", "mention", "space"
};

const char *kata_kind_name(kata_kind_t kind) {
  return (unsigned)kind < KATA_NKINDS ? kind_names[kind] : "?";
}

void kata_tokenizer_init(kata_tokenizer_t *t, const char *s, size_t len,
                         unsigned flags) {
  t->s = s;
  t->len = len;
  t->pos = 0;
  t->flags = flags;
  t->no_email = 0;
}

#define LETTERS (SEEN_CLS(CLS_LETTER) | SEEN_CLS(CLS_MARK))
#define DIGITS (SEEN_CLS(CLS_DIGIT) | SEEN_CLS(CLS_NUMBER))

/* An emoji sequence: a flag, a keycap, or a pictograph shown as emoji. */
static int is_emoji(unsigned seen) {
  if (seen & (SEEN_RI | SEEN_KEYCAP)) return 1;
  if (seen & SEEN_FLAG(UCD_EMOJI_MOD)) return 1;
  return (seen & SEEN_FLAG(UCD_EXTPICT)) &&
         (seen & (SEEN_FLAG(UCD_EMOJI_PRES) | SEEN_VS16 | SEEN_ZWJ));
}

/* The kind of one word segment, from what it contains and how it starts. */
static inline kata_kind_t classify(unsigned seen) {
  if (is_emoji(seen)) return KATA_EMOJI;
  if (seen & SEEN_CLS(CLS_LETTER)) return KATA_WORD;
  if (seen & DIGITS) return KATA_NUMBER;
  switch (SEEN_FIRST_CLS(seen)) {
    case CLS_PUNCT: return KATA_PUNCT;
    case CLS_SPACE:
    case CLS_FORMAT: return KATA_SPACE;
    case CLS_CONTROL:
      return (seen & SEEN_FLAG(UCD_WHITE)) ? KATA_SPACE : KATA_SYMBOL;
    default: return KATA_SYMBOL;
  }
}

/* Can the code point at pos be part of an emoji sequence (a pictograph,
** a skin tone, a regional indicator or a ZWJ)? */
static int emoji_at(const char *s, size_t len, size_t pos) {
  int32_t cp;
  const kata__ucd_t *p;
  kata__decode(s, len, pos, &cp);
  p = kata__ucd(cp);
  return cp == 0x200D || p->wb == WB_Regional_Indicator ||
         (p->flags & (UCD_EXTPICT | UCD_EMOJI_MOD));
}

/* Is the code point at pos white space or an invisible format character
** (U+200B, U+FEFF; a ZWJ only when no pictograph follows it)? */
static int space_at(const char *s, size_t len, size_t pos) {
  int32_t cp;
  const kata__ucd_t *p;
  size_t n = kata__decode(s, len, pos, &cp);
  p = kata__ucd(cp);
  if (cp == 0x200D && pos + n < len) { /* ZWJ: space unless a pictograph follows */
    kata__decode(s, len, pos + n, &cp);
    return !(kata__ucd(cp)->flags & UCD_EXTPICT);
  }
  return (p->flags & UCD_WHITE) || p->cls == CLS_FORMAT;
}

static int is_alnum_ascii(unsigned char c) {
  return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/* Is the code point ending just before pos a letter, digit, mark or '_'? */
static int word_char_before(const char *s, size_t len, size_t pos) {
  size_t b = pos;
  int32_t cp;
  unsigned cls;
  if (pos == 0) return 0;
  do b--; while (b > 0 && pos - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80);
  if (b + kata__decode(s, len, b, &cp) != pos) return 0;
  if (cp == '_') return 1;
  cls = kata__ucd(cp)->cls;
  return cls == CLS_LETTER || cls == CLS_DIGIT || cls == CLS_MARK;
}

/* {======================================================================
** URLs and e-mail addresses (matched on bytes, ASCII-case-insensitive)
** ======================================================================= */

/* Does s[pos..] start with the lower-case ASCII pre, ignoring case? */
static int prefix_ci(const char *s, size_t len, size_t pos, const char *pre,
                     size_t n) {
  size_t k;
  if (len - pos < n) return 0;
  for (k = 0; k < n; k++) {
    char c = s[pos + k];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != pre[k]) return 0;
  }
  return 1;
}

/*
** Length of the head of a URL at pos: "http://", "https://", "ftp://",
** "ftps://" or "www.", or 0. Other schemes are left to the word rules.
*/
static size_t url_scheme(const char *s, size_t len, size_t pos) {
  size_t i;
  switch (s[pos] >= 'A' && s[pos] <= 'Z' ? s[pos] + 32 : s[pos]) {
    case 'w': return prefix_ci(s, len, pos, "www.", 4) ? 4 : 0;
    case 'h':
      if (!prefix_ci(s, len, pos, "http", 4)) return 0;
      i = pos + 4;
      break;
    case 'f':
      if (!prefix_ci(s, len, pos, "ftp", 3)) return 0;
      i = pos + 3;
      break;
    default: return 0;
  }
  if (i < len && (s[i] | 0x20) == 's') i++;
  return prefix_ci(s, len, i, "://", 3) ? i + 3 - pos : 0;
}

/* Is s[pos, end) a URI scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )? */
static int is_scheme(const char *s, size_t pos, size_t end) {
  size_t i;
  if (end == pos || end - pos > 32 || !IS_ASCII_LETTER((unsigned char)s[pos]))
    return 0;
  for (i = pos + 1; i < end; i++)
    if (!is_alnum_ascii((unsigned char)s[i]) && s[i] != '+' && s[i] != '-' &&
        s[i] != '.')
      return 0;
  return 1;
}

/*
** Length of a URL at pos whose head (scheme and "://", or "www." when www is
** set) is head bytes long, or 0. It ends as GitHub's autolinker ends one:
** at a closing paren or bracket that closes nothing opened in it (a
** Markdown link's "](", a parenthesis around it), and without trailing
** punctuation. Linear overall: a match fails only when
** all after the "://" is trailing punctuation, where no URL can start (it
** needs a letter), or when a "www." has no second dot, where no other
** "www." can; so no byte is scanned again and again by failed matches.
*/
static size_t match_url_body(const char *s, size_t len, size_t pos, size_t head,
                             int www) {
  size_t i;
  size_t parens = 0, brackets = 0; /* opened in the URL, not yet closed */
  if (head == 0) return 0;
  i = pos + head;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' ||
          c == '`' || c == '{' || c == '}' || c == '|' || c == '\\')
        break;
      if (c == '(') parens++;
      else if (c == '[') brackets++;
      else if (c == ')' && parens-- == 0) break;
      else if (c == ']' && brackets-- == 0) break;
      i++;
    } else {
      int32_t cp;
      size_t n = kata_utf8_decode(s, len, i, &cp);
      unsigned cls = cp < 0 ? CLS_OTHER : kata__ucd(cp)->cls;
      if (cp < 0 || cls == CLS_PUNCT || cls == CLS_SPACE ||
          cls == CLS_CONTROL || cls == CLS_FORMAT)
        break;
      i += n;
    }
  }
  /* Trailing punctuation belongs to the sentence (GitHub's list). */
  while (i > pos + head && strchr(".,;:!?'*_~", s[i - 1])) i--;
  if (i == pos + head) return 0;
  if (www && !memchr(s + pos + 4, '.', i - pos - 4)) return 0; /* www.x */
  return i - pos;
}

static size_t match_url(const char *s, size_t len, size_t pos) {
  size_t head = url_scheme(s, len, pos);
  return match_url_body(s, len, pos, head, head == 4); /* only "www." is 4 */
}

static int local_char(unsigned char c) {
  return is_alnum_ascii(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-';
}

/*
** Length of an e-mail address local@domain.tld starting at pos, or 0. On
** failure *fail is where the local part's run ended: no address can start
** inside the run either (the caller remembers it, keeping the scan linear).
*/
static size_t match_email(const char *s, size_t len, size_t pos, size_t *fail) {
  size_t i = pos, end = 0;
  int labels = 0;
  while (i < len && local_char((unsigned char)s[i])) i++;
  *fail = i;
  if (i == pos || i >= len || s[i] != '@' || s[pos] == '.' || s[i - 1] == '.')
    return 0;
  i++;
  for (;;) { /* domain labels */
    size_t lab = i;
    int alpha = 1;
    while (i < len && (is_alnum_ascii((unsigned char)s[i]) || s[i] == '-')) {
      if ((unsigned)(s[i] - '0') < 10 || s[i] == '-') alpha = 0;
      i++;
    }
    if (i == lab || s[lab] == '-' || s[i - 1] == '-') break;
    labels++;
    if (labels >= 2 && alpha && i - lab >= 2) end = i; /* a plausible TLD */
    if (i + 1 < len && s[i] == '.' && is_alnum_ascii((unsigned char)s[i + 1]))
      i++;
    else
      break;
  }
  return end ? end - pos : 0;
}

/* }====================================================================== */

/* Bytes that can follow a word segment in an e-mail address or a hyphen. */
static const unsigned char may_extend[256] = {
  ['@'] = 1, ['.'] = 1, ['-'] = 1, ['_'] = 1, ['+'] = 1, ['%'] = 1,
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
  ['7'] = 1, ['8'] = 1, ['9'] = 1, [0xE2] = 1, [':'] = 1
};

/* Bytes of a hyphen (U+002D, U+2010, U+2011) at pos, or 0. */
static size_t hyphen_at(const char *s, size_t len, size_t pos) {
  if (pos >= len) return 0;
  if (s[pos] == '-') return 1;
  if (len - pos >= 3 && (unsigned char)s[pos] == 0xE2 &&
      (unsigned char)s[pos + 1] == 0x80 &&
      ((unsigned char)s[pos + 2] == 0x90 || (unsigned char)s[pos + 2] == 0x91))
    return 3;
  return 0;
}

int kata_tokenizer_next(kata_tokenizer_t *t, kata_token_t *tok) {
  const char *s = t->s;
  size_t len = t->len;
  while (t->pos < len) {
    size_t pos = t->pos, end, n;
    unsigned seen = 0;
    unsigned char c = (unsigned char)s[pos];
    kata_kind_t kind;

    /* White space, the most common token: one token for a run of white
    ** space and invisible format characters, ASCII or not. What follows the
    ** run (even an Extend that UAX #29 would attach) starts a new token. */
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      end = pos + 1;
      for (;;) {
        while (end < len && (s[end] == ' ' || (s[end] >= '\t' && s[end] <= '\r')))
          end++;
        if (end < len && (unsigned char)s[end] >= 0x80 && space_at(s, len, end)) {
          int32_t cp;
          end += kata__decode(s, len, end, &cp);
          continue;
        }
        break;
      }
      if (!(t->flags & KATA_TOK_SPACES)) {
        t->pos = end;
        continue;
      }
      kind = KATA_SPACE;
      goto emit;
    }
    if (c >= 0x80) { /* an invalid subsequence is a token of its own */
      int32_t cp;
      n = kata_utf8_decode(s, len, pos, &cp);
      if (cp < 0) {
        end = pos + n;
        kind = KATA_SYMBOL;
        goto emit;
      }
    } else if (pos + 4 < len && (((c | 0x20) == 'h' && (s[pos + 1] | 0x20) == 't') ||
                                 ((c | 0x20) == 'w' && (s[pos + 1] | 0x20) == 'w') ||
                                 ((c | 0x20) == 'f' && (s[pos + 1] | 0x20) == 't')) &&
               (n = match_url(s, len, pos)) > 0) {
      end = pos + n;
      kind = KATA_URL;
      goto emit;
    }
    end = kata__word_scan(s, len, pos, &seen);
    if (seen == (SEEN_CLS(CLS_LETTER) | SEEN_FIRST(CLS_LETTER)) &&
        (end >= len || !may_extend[(unsigned char)s[end]])) {
      kind = KATA_WORD; /* ASCII letters, nothing to join: most tokens */
      goto emit;
    }
    kind = classify(seen);
    if (kind == KATA_SPACE ||
        ((SEEN_FIRST_CLS(seen) == CLS_SPACE || SEEN_FIRST_CLS(seen) == CLS_CONTROL ||
          SEEN_FIRST_CLS(seen) == CLS_FORMAT) && space_at(s, len, pos))) {
      /* One token for the run of white space and format characters; what
      ** UAX #29 attaches to it (WB4: a mark, a skin tone) starts a new one. */
      size_t seg_end = end;
      end = pos;
      while (end < len && space_at(s, len, end)) {
        int32_t cp;
        end += kata__decode(s, len, end, &cp);
      }
      if (end == pos) end = seg_end; /* a lone ZWJ: invisible, a space */
      if (!(t->flags & KATA_TOK_SPACES)) {
        t->pos = end;
        continue;
      }
      kind = KATA_SPACE;
      goto emit;
    }
    if (kind == KATA_EMOJI && !(seen & SEEN_KEYCAP) && !emoji_at(s, len, pos)) {
      /* A modifier or ZWJ sequence glued by WB4 and WB3c to what precedes
      ** it ("Mantap🏽", "!🏽"): that part is a token of its own. */
      size_t i = pos;
      while (i < end && !emoji_at(s, len, i)) {
        int32_t cp;
        i += kata__decode(s, len, i, &cp);
      }
      end = i;
      kata__word_scan(s, end, pos, &seen); /* what the front part holds */
      kind = classify(seen);
    }
    if ((seen & SEEN_COLON) && kind == KATA_WORD) {
      /* "Sumber:https://..." is one UAX #29 word: split it at the colon. */
      const char *colon = (const char *)memchr(s + pos + 1, ':', end - pos - 1);
      size_t after = colon ? (size_t)(colon - s) + 1 : len, fail;
      if (after < len && (match_url(s, len, after) || match_email(s, len, after, &fail))) {
        end = after - 1;
        goto emit;
      }
    }
    switch (kind) {
      case KATA_WORD:
      case KATA_NUMBER:
        if (end >= len || !may_extend[(unsigned char)s[end]]) break;
        if (s[end] == ':') { /* scheme://... */
          if (end + 2 < len && s[end + 1] == '/' && s[end + 2] == '/' &&
              is_scheme(s, pos, end) &&
              (n = match_url_body(s, len, pos, end + 3 - pos, 0)) > 0) {
            end = pos + n;
            kind = KATA_URL;
          }
          break;
        }
        if (pos >= t->no_email &&
            (s[end] == '@' || local_char((unsigned char)s[end]))) {
          size_t fail;
          if ((n = match_email(s, len, pos, &fail)) > 0) {
            end = pos + n;
            kind = KATA_EMAIL;
            break;
          }
          t->no_email = fail;
        }
        /* Hyphenated words: a word on at least one side of each hyphen. */
        while ((n = hyphen_at(s, len, end)) > 0 && end + n < len) {
          unsigned nseen = 0;
          size_t nend = kata__word_scan(s, len, end + n, &nseen);
          kata_kind_t nk = classify(nseen);
          if (!(nk == KATA_WORD || nk == KATA_NUMBER) ||
              (kind == KATA_NUMBER && nk == KATA_NUMBER))
            break;
          end = nend;
          kind = KATA_WORD;
        }
        break;
      case KATA_PUNCT:
      case KATA_SYMBOL:
        if ((c == '#' || c == '@') && end == pos + 1 && end < len &&
            !word_char_before(s, len, pos)) {
          unsigned nseen = 0;
          size_t nend = kata__word_scan(s, len, end, &nseen);
          kata_kind_t nk = classify(nseen);
          if (nk == KATA_WORD || (c == '@' && nk == KATA_NUMBER)) {
            end = nend;
            kind = c == '#' ? KATA_HASHTAG : KATA_MENTION;
            /* Ideographs are one segment each: "#日本" takes them all. */
            while (end < len && (unsigned char)s[end] >= 0x80) {
              nend = kata__word_scan(s, len, end, &nseen);
              nk = classify(nseen);
              if (nk != KATA_WORD && nk != KATA_NUMBER) break;
              end = nend;
            }
          }
        }
        break;
      default:
        break;
    }
  emit:
    tok->start = pos;
    tok->stop = end;
    tok->kind = kind;
    t->pos = end;
    return 1;
  }
  return 0;
}
