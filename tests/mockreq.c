#include "mockreq.h"

#include <string.h>

size_t mockreq_pairs(char *text, const char *item_sep, char sep, mock_pair *out, size_t max)
{
	char *save = NULL, *item;
	size_t n = 0;

	for (item = strtok_r(text, item_sep, &save); item && n < max;
	     item = strtok_r(NULL, item_sep, &save)) {
		char *eq = strchr(item, sep);

		out[n].name = item;
		out[n].value = "";
		if (eq) {
			*eq = '\0';
			out[n].value = eq + 1 + (sep == ':' && eq[1] == ' ');
		}
		n++;
	}
	return n;
}
