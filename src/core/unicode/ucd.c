/*
** ucd.c: the generated Unicode property table and kata's Unicode version.
** The only file that includes unicode_data.h.
*/
#include "kata.h"
#include "ucd.h"

#include "unicode_data.h"

const char *kata_unicode_version(void) { return KATA_UCD_VERSION; }
