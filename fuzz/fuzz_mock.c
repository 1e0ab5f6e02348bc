/* The mock's request handling, without sockets: every route, as
 * mock_dispatch sees a request.  Input: "METHOD PATH[?QUERY]\n", header
 * lines "Name: value\n", an empty line, then the body. */
#include <stdint.h>

#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "mock.h"

#define MAX_PAIRS 32
#define RESET_EVERY 512

static mock_state state;
static mock_journal *journal;
static mock_config cfg = {.explain = 1};
static unsigned long runs;

static int no_reload(void *arg)
{
	(void)arg;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	gtd_partner *p = gtd_partner_new("demo");
	gtd_key *emulator = NULL;
	mock_partners *ps = mock_partners_new(1);
	char *pem = NULL;

	(void)argc, (void)argv;
	if (!p || !ps || gtd_file_read(FUZZ_DATA "/kat1024.pub.pem", 1 << 16, &pem, NULL, NULL) != GTD_OK ||
	    gtd_partner_set_partner_key(p, pem, NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.api_key", "fuzzkey", NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.access_code", "AC-DEMO", NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.activated_at", "2026-11-28T00:00:00Z", NULL) != GTD_OK ||
	    gtd_partner_set(p, "links.payment_url", "http://127.0.0.1:1/pay", NULL) != GTD_OK ||
	    gtd_key_load(FUZZ_DATA "/kat2048.pem", GTD_KEY_PRIVATE, &emulator, NULL) != GTD_OK ||
	    mock_state_init(&state, NULL, NULL) != GTD_OK ||
	    mock_journal_open(NULL, 64, &journal, NULL) != GTD_OK)
		abort();
	free(pem);
	mock_partners_set(ps, 0, p, emulator, NULL);
	mock_state_set_partners(&state, ps);
	strcpy(state.base_url, "http://127.0.0.1:8080");
	return 0;
}

/* Splits "name<sep>value" items of text (destroyed) into pairs. */
static size_t split(char *text, const char *item_sep, char sep, mock_pair *out)
{
	char *save = NULL, *item;
	size_t n = 0;

	for (item = strtok_r(text, item_sep, &save); item && n < MAX_PAIRS;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *sp, *query, *headers, *body;
	mock_pair args[MAX_PAIRS], hdrs[MAX_PAIRS];
	mock_request req = {0};
	mock_response resp;
	mock_entry entry;
	mock_ctx ctx = {.state = &state, .journal = journal, .cfg = &cfg, .entry = &entry,
			.reload = no_reload};

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	line = text;
	headers = strchr(text, '\n');
	if (!headers || !(sp = strchr(line, ' ')) || sp > headers)
		goto out;
	*headers++ = '\0';
	*sp = '\0';
	body = strstr(headers, "\n\n");
	if (body)
		*body = '\0', body += 2;
	req.method = line;
	req.path = sp + 1;
	query = strchr(sp + 1, '?');
	if (query) {
		*query++ = '\0';
		req.nargs = split(query, "&", '=', args);
	}
	req.args = args;
	req.nheaders = split(headers, "\n", ':', hdrs);
	req.headers = hdrs;
	req.body = body ? body : "";
	req.body_len = body ? size - (size_t)(body - text) : 0;
	req.loopback = 1;
	req.base_url = state.base_url;
	req.id = ++runs;
	mock_response_init(&resp);
	mock_entry_init(&entry, req.id, mock_now(&state), req.method, req.path);
	ctx.partners = mock_state_partners(&state);
	mock_dispatch(&ctx, &req, &resp);
	if (resp.status < 100 || resp.status > 599)
		abort();
	mock_partners_put(ctx.partners);
	mock_journal_commit(journal, &entry);
	{
		/* Whatever the request held, its journal line is JSON that reads
		 * back with its id. */
		cJSON *last = mock_journal_since(journal, req.id - 1, NULL, 1);
		const cJSON *id = cJSON_GetObjectItem(cJSON_GetArrayItem(last, 0), "id");

		if (!cJSON_IsNumber(id) || (unsigned long)id->valuedouble != req.id)
			abort();
		cJSON_Delete(last);
	}
	mock_response_release(&resp);
	if (runs % RESET_EVERY == 0) {
		mock_state_lock(&state);
		mock_state_reset(&state);
		mock_state_unlock(&state);
	}
out:
	free(text);
	return 0;
}
