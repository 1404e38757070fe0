/*
** test_language.c: the built-in stop-word lists and the language guess
** through kata.h: a list for every language libstemmer stems, the guess on
** a sentence of each, scripts and spellings, ties, both hit counters
** agreeing, the evidence unit, and the arrays of KATA_MAX_LANGS.
*/
#include "check.h"

static test_alloc_t ta = {0, -1, 0};
static kata_allocator_t A = {test_allocf, &ta};

/* One sentence per language, each written for this test. */
static const char *const sentences[][2] = {
  {"ar", "أعلن رئيس البلدية يوم الاثنين أن الجسر الجديد فوق النهر لن يكتمل قبل العام المقبل."},
  {"ca", "L'alcalde va anunciar dilluns que el nou pont sobre el riu no estarà acabat fins a l'any que ve."},
  {"da", "Borgmesteren meddelte mandag, at den nye bro over floden først bliver færdig næste år."},
  {"de", "Der Bürgermeister hat am Montag angekündigt, dass die neue Brücke über den Fluss erst im nächsten Jahr fertig wird."},
  {"el", "Ο δήμαρχος ανακοίνωσε τη Δευτέρα ότι η νέα γέφυρα πάνω από το ποτάμι θα είναι έτοιμη μόνο του χρόνου."},
  {"en", "The mayor announced on Monday that the new bridge over the river will not be finished until next year."},
  {"es", "El alcalde anunció el lunes que el nuevo puente sobre el río no estará terminado hasta el próximo año."},
  {"eu", "Alkateak astelehenean iragarri zuen ibaiaren gaineko zubi berria ez dela datorren urtera arte amaituko."},
  {"fi", "Pormestari ilmoitti maanantaina, että joen yli rakennettava uusi silta valmistuu vasta ensi vuonna."},
  {"fr", "Le maire a annoncé lundi que le nouveau pont sur la rivière ne sera pas terminé avant l'année prochaine."},
  {"ga", "D'fhógair an méara Dé Luain nach mbeidh an droichead nua thar an abhainn réidh go dtí an bhliain seo chugainn."},
  {"hi", "महापौर ने सोमवार को घोषणा की कि नदी पर नया पुल अगले साल तक ही तैयार हो पाएगा।"},
  {"hu", "A polgármester hétfőn bejelentette, hogy a folyó feletti új híd csak jövőre készül el."},
  {"hy", "Քաղաքապետը երկուշաբթի հայտարարեց, որ գետի վրայով նոր կամուրջը պատրաստ կլինի միայն հաջորդ տարի։"},
  {"id", "Wali kota mengumumkan pada hari Senin bahwa jembatan baru di atas sungai itu baru selesai tahun depan."},
  {"it", "Il sindaco ha annunciato lunedì che il nuovo ponte sul fiume non sarà finito prima del prossimo anno."},
  {"lt", "Meras pirmadienį pranešė, kad naujas tiltas per upę bus baigtas tik kitais metais."},
  {"ne", "मेयरले सोमबार नदीमाथिको नयाँ पुल अर्को वर्ष मात्र तयार हुने घोषणा गर्नुभयो र काम जारी छ।"},
  {"nl", "De burgemeester heeft maandag aangekondigd dat de nieuwe brug over de rivier pas volgend jaar klaar is."},
  {"no", "Ordføreren kunngjorde mandag at den nye brua over elva ikke blir ferdig før neste år."},
  {"pt", "O prefeito anunciou na segunda-feira que a nova ponte sobre o rio só ficará pronta no próximo ano."},
  {"ro", "Primarul a anunțat luni că noul pod peste râu nu va fi gata decât anul viitor."},
  {"ru", "Мэр объявил в понедельник, что новый мост через реку будет готов только в следующем году."},
  {"sr", "Градоначелник је у понедељак најавио да ће нови мост преко реке бити готов тек следеће године."},
  {"sv", "Borgmästaren meddelade på måndagen att den nya bron över floden inte blir klar förrän nästa år."},
  {"ta", "ஆற்றின் மீது கட்டப்படும் புதிய பாலம் அடுத்த ஆண்டுதான் தயாராகும் என்று மேயர் திங்கள்கிழமை அறிவித்தார்."},
  {"tr", "Belediye başkanı pazartesi günü nehir üzerindeki yeni köprünün ancak gelecek yıl biteceğini açıkladı."},
  {"yi", "דער בירגערמייַסטער האָט מאָנטיק געזאָגט אַז די נײַע בריק איבער דעם טײַך װעט זײַן פֿאַרטיק ערשט אין קומעדיקן יאָר."},
};
#define NSENTENCES (sizeof sentences / sizeof sentences[0])

static const char *guess(const char *s, double *conf) {
  return kata_language(s, strlen(s), conf);
}

/* Every language libstemmer stems has a list (an empty one for ne, sr, ta
** and yi), en and id first, and the count matches the NULL-ended array. */
static void test_lists(void) {
  size_t i, n = 0;
  for (i = 0; i < NSENTENCES; i++) {
    size_t count = 99, k = 0;
    const char *const *w = kata_stoplist(sentences[i][0], &count);
    kata_stemmer_t *st = kata_stemmer_new(sentences[i][0]);
    check(w != NULL);
    check(st != NULL);
    kata_stemmer_free(st);
    while (w && w[k]) k++;
    check(k == count);
    if (strcmp(sentences[i][0], "ne") == 0 || strcmp(sentences[i][0], "sr") == 0 ||
        strcmp(sentences[i][0], "ta") == 0 || strcmp(sentences[i][0], "yi") == 0)
      check(count == 0);
    else
      check(count >= 45);
  }
  while (kata_stoplist_lang(n)) n++;
  check(n == NSENTENCES);
  check(n <= KATA_MAX_LANGS);
  check(strcmp(kata_stoplist_lang(0), "en") == 0);
  check(strcmp(kata_stoplist_lang(1), "id") == 0);
  check(kata_stoplist("porter", NULL) == NULL);
  check(kata_stoplist("xx", NULL) == NULL);
}

static void test_sentences(void) {
  size_t i;
  for (i = 0; i < NSENTENCES; i++) {
    double conf = -1;
    const char *g = guess(sentences[i][1], &conf);
    check(strcmp(g, sentences[i][0]) == 0);
    if (strcmp(g, sentences[i][0]) != 0)
      fprintf(stderr, "  %s guessed %s\n", sentences[i][0], g);
    check(conf > 0 && conf <= 1);
  }
}

static void test_scripts(void) {
  double conf;
  /* capitals fold in every script, not only ASCII */
  check(strcmp(guess("ОН СКАЗАЛ, ЧТО ЭТО НЕ ТАК И ВСЁ БУДЕТ ХОРОШО.", &conf), "ru") == 0);
  check(strcmp(guess("ÜBER DIE BRÜCKE UND DURCH DEN WALD", &conf), "de") == 0);
  /* a script of one language: any word of it will do */
  check(strcmp(guess("Ευχαριστώ", &conf), "el") == 0 && conf == 1);
  check(strcmp(guess("வணக்கம்", &conf), "ta") == 0 && conf == 1);
  check(strcmp(guess("Բարեւ", &conf), "hy") == 0 && conf == 1);
  /* Cyrillic: a letter of Serbian's own, or of Russian's */
  check(strcmp(guess("љубав", &conf), "sr") == 0);
  check(strcmp(guess("объём", &conf), "ru") == 0);
  /* Hebrew is not Yiddish, nor Persian Arabic: kata knows neither */
  check(strcmp(guess("זה לא נכון, אמר השר בישיבת הממשלה ביום ראשון.", &conf), "und") == 0);
  check(strcmp(guess("פֿאַרװאָס", &conf), "yi") == 0);
  check(strcmp(guess("پدر و مادر من دیروز به شهر رفتند", &conf), "und") == 0);
  /* no language, or two that tie */
  check(strcmp(guess("東京 12345 !!!", &conf), "und") == 0 && conf == 0);
  check(strcmp(guess("the yang", &conf), "und") == 0 && conf == 0);
  check(strcmp(guess("", &conf), "und") == 0 && conf == 0);
}

/* The hit counters: the lists searched and the lists as sets agree; a word
** of k lists adds KATA_LANGUAGE_UNIT / k to each; max limits the lists. */
static void test_hits(void) {
  size_t hits[KATA_MAX_LANGS], distinct[KATA_MAX_LANGS], words;
  size_t hits2[KATA_MAX_LANGS], distinct2[KATA_MAX_LANGS], words2;
  const kata_wordset_t *sets[KATA_MAX_LANGS];
  kata_wordset_t *own[KATA_MAX_LANGS];
  size_t nl = 0, i, k;
  double conf;
  while (kata_stoplist_lang(nl)) nl++;
  for (i = 0; i < nl; i++) {
    const char *const *w = kata_stoplist(kata_stoplist_lang(i), NULL);
    own[i] = kata_wordset_new(&A);
    check(own[i] != NULL);
    for (k = 0; w[k]; k++) check(kata_wordset_add(own[i], w[k], strlen(w[k])) == KATA_OK);
    sets[i] = own[i];
  }
  for (i = 0; i < NSENTENCES; i++) {
    const char *s = sentences[i][1];
    size_t n1 = kata_language_hits(s, strlen(s), hits, distinct, KATA_MAX_LANGS, &words);
    size_t n2 = kata_language_hits_sets(s, strlen(s), sets, nl, hits2, distinct2, &words2);
    check(n1 == nl && n2 == nl && words == words2);
    check(memcmp(hits, hits2, nl * sizeof *hits) == 0);
    check(memcmp(distinct, distinct2, nl * sizeof *distinct) == 0);
    check(strcmp(kata_language_guess(hits, nl, words, &conf), sentences[i][0]) == 0);
  }
  /* "the" is in the English list only: a whole unit; "a" is in many */
  check(kata_language_hits("the", 3, hits, distinct, KATA_MAX_LANGS, &words) == nl);
  check(words == 1 && hits[0] == KATA_LANGUAGE_UNIT && distinct[0] == 1);
  for (i = 1; i < nl; i++) check(hits[i] == 0);
  kata_language_hits("a", 1, hits, distinct, KATA_MAX_LANGS, &words);
  for (i = k = 0; i < nl; i++) k += hits[i] != 0;
  check(k > 3);
  for (i = 0; i < nl; i++) check(hits[i] == 0 || hits[i] == KATA_LANGUAGE_UNIT / k);
  /* max: only the first lists (English and Indonesian) */
  check(kata_language_hits("yang the", 8, hits, distinct, 2, &words) == 2);
  check(hits[0] == KATA_LANGUAGE_UNIT && hits[1] == KATA_LANGUAGE_UNIT);
  for (i = 0; i < nl; i++) kata_wordset_free(own[i]);
  check(ta.live == 0);
}

int main(void) {
  test_lists();
  test_sentences();
  test_scripts();
  test_hits();
  return check_report("test_language");
}
