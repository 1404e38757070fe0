/*
** values.c: an entity's value as a host gives it to its users: a number
** (an integer when whole), an amount and a currency, or a string.
*/
#include <string.h>

#include "internal.h"

/* The number v starts with ("-12.5"), as the tagger writes them (plain
** decimals, under 10^15, at most two decimals): read without strtod,
** which follows the C locale. *frac: whether it has a decimal point. */
static double leading_number(const char *v, int *frac) {
  double x = 0, scale = 1;
  int neg = *v == '-', dot = 0;
  for (v += neg; (*v >= '0' && *v <= '9') || (*v == '.' && !dot); v++) {
    if (*v == '.') dot = 1;
    else if (dot) x += (*v - '0') * (scale /= 10);
    else x = x * 10 + (*v - '0');
  }
  *frac = dot;
  return neg ? -x : x;
}

void kata_entity_value(const kata_ent_t *e, kata_value_t *v) {
  int frac;
  memset(v, 0, sizeof *v);
  v->text = "";
  if (e->gvalue) { /* a caller's value: the bytes given */
    v->kind = KATA_VALUE_STRING;
    v->text = e->gvalue;
    v->len = e->gvlen;
  } else if (!e->value[0]) {
    v->kind = KATA_VALUE_NONE;
  } else if (e->type == KATA_ENT_MONEY) {
    const char *sp = strchr(e->value, ' ');
    v->kind = KATA_VALUE_MONEY;
    v->number = leading_number(e->value, &frac);
    v->text = sp ? sp + 1 : "";
    v->len = strlen(v->text);
  } else if (e->type == KATA_ENT_NUMBER || e->type == KATA_ENT_PERCENT) {
    v->number = leading_number(e->value, &frac);
    /* whole and exact in a double (and in a Lua 5.1 number): an integer */
    v->kind = !frac && v->number > -9e15 && v->number < 9e15 ? KATA_VALUE_INTEGER
                                                              : KATA_VALUE_NUMBER;
    if (v->kind == KATA_VALUE_INTEGER) v->integer = (long long)v->number;
  } else {
    v->kind = KATA_VALUE_STRING;
    v->text = e->value;
    v->len = strlen(e->value);
  }
}
