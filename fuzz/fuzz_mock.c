/* The mock's request handling, without sockets: every route, as
 * mock_dispatch sees a request.  Input: "METHOD PATH[?QUERY]\n", header
 * lines "Name: value\n", an empty line, then the body. */
#include <stdint.h>

#include "fuzz.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "mock.h"
#include "mockreq.h"

#define MAX_PAIRS 32
#define RESET_EVERY 512

static mock_state state;
static mock_journal *journal;
static mock_config cfg = {.explain = 1};
static unsigned long runs;
/* The journal's file, read back after every input and emptied. */
static int journal_fd = -1;

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
	char path[] = "/tmp/fuzz_mock.journal.XXXXXX";

	(void)argc, (void)argv;
	if ((journal_fd = mkstemp(path)) < 0)
		fuzz_fail("cannot create %s", path);
	if (!p || !ps || gtd_file_read(FUZZ_DATA "/kat1024.pub.pem", 1 << 16, &pem, NULL, NULL) != GTD_OK ||
	    gtd_partner_set_partner_key(p, pem, NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.api_key", "fuzzkey", NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.access_code", "AC-DEMO", NULL) != GTD_OK ||
	    gtd_partner_set(p, "env.sandbox.activated_at", "2026-11-28T00:00:00Z", NULL) != GTD_OK ||
	    gtd_partner_set(p, "links.payment_url", "http://127.0.0.1:1/pay", NULL) != GTD_OK ||
	    gtd_key_load(FUZZ_DATA "/kat2048.pem", GTD_KEY_PRIVATE, &emulator, NULL) != GTD_OK ||
	    mock_state_init(&state, NULL, NULL) != GTD_OK ||
	    mock_journal_open(path, 64, &journal, NULL) != GTD_OK)
		fuzz_fail("cannot set up the mock (kat keys from %s)", FUZZ_DATA);
	unlink(path);
	free(pem);
	mock_partners_set(ps, 0, p, emulator, NULL);
	mock_state_set_partners(&state, ps);
	strcpy(state.base_url, "http://127.0.0.1:8080");
	return 0;
}

/* Whether s[0..len) is UTF-8, by Unicode's table of well-formed byte
 * sequences (3-7): written apart from shared/utf8.c, whose checks the
 * journal uses, so that a hole in those is found too. */
static int strict_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i], lo = 0x80, hi = 0xbf;
		size_t n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++, lo = 0x80, hi = 0xbf)
			if (s[i + k] < lo || s[i + k] > hi)
				return 0;
		i += n + 1;
	}
	return 1;
}

/* Every line the journal wrote since the last call is UTF-8 and a JSON
 * object (a reader of journal.jsonl takes it); the file is emptied. */
static void check_journal_file(void)
{
	struct stat sb;
	char *text, *line, *end;

	if (fstat(journal_fd, &sb) != 0)
		fuzz_fail("cannot stat the journal");
	if (sb.st_size == 0)
		return;
	if (!(text = malloc((size_t)sb.st_size)) ||
	    pread(journal_fd, text, (size_t)sb.st_size, 0) != sb.st_size || text[sb.st_size - 1] != '\n')
		fuzz_fail("the journal does not end with a whole line");
	for (line = text; line < text + sb.st_size; line = end + 1) {
		const char *parsed = NULL;
		cJSON *o;

		end = memchr(line, '\n', (size_t)(text + sb.st_size - line));
		if (!strict_utf8((const unsigned char *)line, (size_t)(end - line)) ||
		    !cJSON_IsObject(o = cJSON_ParseWithLengthOpts(line, (size_t)(end - line), &parsed, 0)) ||
		    parsed != end)
			fuzz_fail("a journal line is not one strict UTF-8 JSON object: %.*s",
				  (int)(end - line), line);
		cJSON_Delete(o);
	}
	free(text);
	/* The journal appends (O_APPEND): it goes on at the new end, 0. */
	if (ftruncate(journal_fd, 0) != 0)
		fuzz_fail("cannot empty the journal");
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
	/* The empty line ends the headers, and with none it comes at once:
	 * the control seeds' bodies (POST /__gtd/faults ...) were read as a
	 * header line before. */
	if (*headers == '\n')
		body = headers, *body++ = '\0';
	else if ((body = strstr(headers, "\n\n")))
		*body = '\0', body += 2;
	req.method = line;
	req.path = sp + 1;
	query = strchr(sp + 1, '?');
	if (query) {
		*query++ = '\0';
		req.nargs = mockreq_pairs(query, "&", '=', args, MAX_PAIRS);
	}
	req.args = args;
	req.nheaders = mockreq_pairs(headers, "\n", ':', hdrs, MAX_PAIRS);
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
		fuzz_fail("HTTP status %d", resp.status);
	mock_partners_put(ctx.partners);
	mock_journal_commit(journal, &entry);
	{
		/* Whatever the request held, its journal line is JSON that reads
		 * back with its id. */
		cJSON *last = mock_journal_since(journal, req.id - 1, NULL, 1);
		const cJSON *id = cJSON_GetObjectItem(cJSON_GetArrayItem(last, 0), "id");

		if (!cJSON_IsNumber(id) || (unsigned long)id->valuedouble != req.id)
			fuzz_fail("request %lu has no journal entry of its own", req.id);
		cJSON_Delete(last);
	}
	check_journal_file();
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
