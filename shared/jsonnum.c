#include "jsonnum.h"

#include <limits.h>

int gtd_json_int(const cJSON *v, long long min, long long max, long long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return 0;
	d = v->valuedouble;
	if (min < -GTD_JSON_INT_MAX)
		min = -GTD_JSON_INT_MAX;
	if (max > GTD_JSON_INT_MAX)
		max = GTD_JSON_INT_MAX;
	/* Compared as doubles first: both bounds are exact, NaN fails both;
	 * only then is the conversion defined. */
	if (!(d >= (double)min && d <= (double)max) || d != (double)(long long)d)
		return 0;
	*out = (long long)d;
	return 1;
}

int gtd_decimal(const char *s, long long min, long long max, long long *out)
{
	unsigned long long v = 0;
	int neg, digits = 0;

	if (!s)
		return 0;
	neg = *s == '-';
	s += neg;
	for (; *s >= '0' && *s <= '9'; s++) {
		/* 19 digits fit in an unsigned long long; the 20th would not. */
		if (++digits > 19)
			return 0;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (*s || !digits || v > (unsigned long long)LLONG_MAX)
		return 0;
	if ((neg ? -(long long)v : (long long)v) < min || (neg ? -(long long)v : (long long)v) > max)
		return 0;
	*out = neg ? -(long long)v : (long long)v;
	return 1;
}
