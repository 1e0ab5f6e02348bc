#include "jsonnum.h"

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
