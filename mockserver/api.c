/* api.c - Gotadi's gateway as doc/protocol.md describes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "faults.h"
#include "jsonw.h"
#include "jwt.h"
#include "mask.h"
#include "mock.h"
#include "tickets.h"
#include "rules.h"

#define TOKEN_LIFETIME (60 * 60)

/* The documented magic values (README, gtd-mock(1)): a user_id or
 * partner_trans_id "gtd-err-NN" forces error code NN, a user_id
 * "gtd-http-NNN" forces HTTP status NNN. */
static const gtd_code_info *magic_code(const char *v)
{
	return v && strncmp(v, "gtd-err-", 8) == 0 ? gtd_code_lookup(v + 8) : NULL;
}

static int magic_http(const char *v)
{
	int status;
	char tail;

	/* Error statuses only: a 200 would have to carry an envelope. */
	if (!v || sscanf(v, "gtd-http-%3d%c", &status, &tail) != 1 || status < 400 ||
	    !gtd_http_lookup(status))
		return 0;
	return status;
}

/* Applies a fault that replaces the whole answer; returns 1 when it did. */
static int fault_answer(mock_ctx *ctx, const mock_fault_hit *hit, mock_response *resp)
{
	if (!hit->id)
		return 0;
	mock_entry_num(ctx->entry, "fault", (double)hit->id);
	resp->delay_ms = hit->delay_ms;
	if (hit->drop) {
		mock_entry_why(ctx->entry, "fault %lu dropped the connection without an answer", hit->id);
		resp->drop = 1;
		return 1;
	}
	if (hit->http) {
		mock_entry_why(ctx->entry, "fault %lu answered HTTP %d", hit->id, hit->http);
		mock_response_error(resp, hit->http, "injected fault %lu", hit->id);
		return 1;
	}
	return 0;
}

/* The partner's keys are needed to answer in an envelope at all. */
static int keys_ready(mock_ctx *ctx, const mock_partner *mp, mock_response *resp)
{
	const char *problem;

	if (mp->partner_pub && mock_partner_emulator(mp))
		return 1;
	problem = mock_partner_problem(mp);
	if (!problem)
		problem = "keys missing";
	mock_entry_check(ctx->entry, "keys", 0, "%s", problem);
	mock_entry_why(ctx->entry, "partner %s cannot be answered in an envelope: %s (HTTP 403)",
		       mp->rec->id, problem);
	mock_response_error(resp, 403, "partner %s is not provisioned: %s", mp->rec->id, problem);
	return 0;
}

/* Seals fields from Gotadi to the partner as the HTTP 200 JSON answer,
 * corrupted when a fault asks for it. */
static void answer_sealed(mock_ctx *ctx, const mock_partner *mp, gtd_fields *f,
			  gtd_status filled, const gtd_err *fill_err, const mock_fault_hit *hit,
			  mock_response *resp)
{
	gtd_envelope env = {0};
	gtd_err err;
	cJSON *o;

	/* A field that could not be set is not sealed as an empty one. */
	if (filled != GTD_OK) {
		mock_entry_why(ctx->entry, "the mock could not fill its answer: %s (HTTP 500)",
			       fill_err->msg);
		mock_response_error(resp, 500, "cannot fill the answer: %s", fill_err->msg);
		return;
	}
	if (gtd_seal_ex(f, mock_partner_emulator(mp), mp->partner_pub, NULL, 0,
			hit->corrupt == MOCK_CORRUPT_SIGNATURE ? GTD_SEAL_BAD_SIGNATURE : 0,
			&env, &err) != GTD_OK) {
		mock_entry_why(ctx->entry, "the mock could not seal its answer: %s (HTTP 500)", err.msg);
		mock_response_error(resp, 500, "cannot seal the answer: %s", err.msg);
		return;
	}
	if (hit->corrupt == MOCK_CORRUPT_DATA) {
		/* Three more bytes: never a whole number of 3DES blocks. */
		char *longer = NULL;

		if (asprintf(&longer, "%sAAAA", env.data) > 0) {
			free(env.data);
			env.data = longer;
		}
	}
	if (hit->corrupt)
		mock_entry_check(ctx->entry, "fault", 0, "fault %lu corrupted the answer's %s", hit->id,
				 hit->corrupt == MOCK_CORRUPT_DATA ? "data" : "signature");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "key", env.key);
	cJSON_AddStringToObject(o, "data", env.data);
	mock_response_json(resp, 200, o);
	gtd_envelope_release(&env);
}

/* What the journal shows of an opened message: every field, secrets masked. */
static cJSON *fields_json(const gtd_fields *f)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	for (i = 0; o && i < f->schema->nfields; i++) {
		const char *name = f->schema->fields[i].name, *v = f->v[i] ? f->v[i] : "";

		if (f->schema->fields[i].flags & GTD_FIELD_SECRET) {
			char *m = mock_masked(v);

			cJSON_AddStringToObject(o, name, m);
			free(m);
		} else {
			cJSON_AddStringToObject(o, name, v);
		}
	}
	return o;
}

/* The signature field of an original data string (caller frees). */
static char *signature_of(const gtd_schema *s, const char *original)
{
	const char *p = original;
	size_t i;

	for (i = 0; i < s->sig_pos && p; i++) {
		p = strchr(p, '|');
		p = p ? p + 1 : NULL;
	}
	return p ? strndup(p, strcspn(p, "|")) : NULL;
}

/* What the envelope's own diagnosis of the signature (the journal's why)
 * cannot see, as the journal's likely_cause: the alphabet of the
 * signature's base64, then the rule itself. */
static void explain_signature(mock_ctx *ctx, const gtd_schema *s, const gtd_open_report *rep)
{
	char causes[512] = "";
	char *sig64 = signature_of(s, rep->original);
	size_t n = 0;

	if (sig64 && strpbrk(sig64, "-_"))
		n += (size_t)snprintf(causes, sizeof(causes),
				      "the signature is in the URL-safe base64 alphabet: Gotadi sends it in "
				      "standard base64 with padding; ");
	snprintf(causes + n, sizeof(causes) - n,
		 "the signature is base64 of SHA256withRSA (PKCS#1 v1.5) over the fields without "
		 "the signature, joined by '|'");
	mock_entry_str(ctx->entry, "likely_cause", causes);
	free(sig64);
}

#define KNOWN_KEYS_MAX 256   /* keys tried per failed signature: the cost stays bounded */

/* When a signature made with another key than mp's registered one
 * verifies with a key the mock knows (mp's key before its last rotation,
 * Gotadi's key for mp or for another partner, another partner's key):
 * which, as a clause for the explanation, into out; "" otherwise. */
static const char *known_signer(mock_ctx *ctx, const mock_partner *mp, const gtd_schema *s,
				const gtd_open_report *rep, char *out, size_t size)
{
	char *sig64 = rep->original ? signature_of(s, rep->original) : NULL;
	const mock_partners *ps = ctx->partners;
	const gtd_key *own, *other;
	size_t i, tried = 0;
	int n = 0;

	out[0] = '\0';
	if (!sig64 || !rep->signed_data)
		goto out;
	if (mp->previous_pub && gtd_signature_verifies(mp->previous_pub, sig64, rep->signed_data)) {
		n = snprintf(out, size, "it verifies with this partner's previous public key (fingerprint "
					"%.16s..., replaced at its last key rotation), so the client still "
					"signs with the old private key", mp->previous_pub->fingerprint);
		goto out;
	}
	own = mock_partner_emulator(mp);
	if (own && gtd_signature_verifies(own, sig64, rep->signed_data)) {
		n = snprintf(out, size, "it verifies with Gotadi's own key for this partner, so the client "
					"signs with Gotadi's private key (the receiver's), not the partner's");
		goto out;
	}
	for (i = 0; ps && i < ps->n && tried < KNOWN_KEYS_MAX; i++) {
		const mock_partner *o = &ps->v[i];

		if (o == mp)
			continue;
		tried += 2;
		if (o->partner_pub && gtd_signature_verifies(o->partner_pub, sig64, rep->signed_data)) {
			n = snprintf(out, size, "it verifies with partner %s's registered key (fingerprint "
						"%.16s...), so the client is set up with another partner's "
						"private key", o->rec->id, o->partner_pub->fingerprint);
			break;
		}
		other = mock_partner_emulator(o);
		if (other && gtd_signature_verifies(other, sig64, rep->signed_data)) {
			n = snprintf(out, size, "it verifies with Gotadi's key for partner %s, so the client "
						"signs with Gotadi's private key of another partner", o->rec->id);
			break;
		}
	}
out:
	if (out[0]) {
		mock_entry_str(ctx->entry, "signed_with", out);
		if (n > 0 && (size_t)n + 2 < size)
			strcat(out, "; ");
	}
	free(sig64);
	return out;
}

/* When the data opens whole as another message (signature verified):
 * where that one goes, as a clause for the explanation, into out; ""
 * otherwise.  Returns out. */
static const char *wrong_endpoint(mock_ctx *ctx, const gtd_schema *s, const gtd_open_report *rep,
				  char *out, size_t size)
{
	const gtd_schema *other = rep->nlooks_like && rep->looks_like_verified ? rep->looks_like[0] : NULL;
	const gtd_api *to = gtd_api_by_request(other), *here = gtd_api_by_request(s);

	out[0] = '\0';
	if (!other)
		return out;
	mock_entry_str(ctx->entry, "looks_like", other->name);
	if (to)
		snprintf(out, size, "; the data opens as %s %s, which goes to %s %s", gtd_article(other->name),
			 other->name, to->method, to->path);
	else if (here)
		snprintf(out, size, "; the data opens as %s %s, a message Gotadi sends; %s %s takes %s %s",
			 gtd_article(other->name), other->name, here->method, here->path, gtd_article(s->name),
			 s->name);
	return out;
}

/* A sealed request's common part: gate, JSON body, open.  Returns the
 * partner when the message opened and f holds its fields; otherwise the
 * answer is made (HTTP error, or *code set for an envelope answer). */
static const mock_partner *open_request(mock_ctx *ctx, const mock_request *req,
					const gtd_schema *s, gtd_fields *f, const gtd_code_info **code,
					mock_response *resp)
{
	const mock_partner *mp;
	gtd_envelope env = {0};
	gtd_open_report rep;
	gtd_status opened;
	const char *strict_by;
	int strict;
	int bad_access_code;
	gtd_err err;
	const gtd_partner_env *sb;
	char hint[256], signer[256];

	*code = NULL;
	gtd_fields_init(f, s);
	mp = ctx->caller.mp;
	bad_access_code = ctx->caller.bad_access_code;
	if (!keys_ready(ctx, mp, resp))
		return NULL;
	if (gtd_envelope_from_json(req->body, req->body_len, &env, &err) != GTD_OK) {
		mock_entry_check(ctx->entry, "body", 0, "%s", err.msg);
		mock_entry_why(ctx->entry, "the body is not the envelope {\"key\": ..., \"data\": ...}: %s "
					   "(HTTP 400)", err.msg);
		mock_response_error(resp, 400, "%s", err.msg);
		return NULL;
	}
	sb = &mp->rec->env[GTD_ENV_SANDBOX];
	if (mp->rec->disabled || !sb->activated_at) {
		mock_entry_check(ctx->entry, "account", 0, "%s",
				 mp->rec->disabled ? "the partner account is disabled"
						   : "the sandbox account is not activated yet");
		mock_entry_why(ctx->entry, "partner %s's sandbox account is %s: error code 03",
			       mp->rec->id, mp->rec->disabled ? "disabled" : "not activated (onboarding step 2: "
			       "the administrator opens the activation link)");
		*code = &gtd_codes[GTD_CODE_AUTH];
		gtd_envelope_release(&env);
		return mp;
	}
	opened = gtd_open(s, env.key, env.data, mock_partner_emulator(mp), mp->partner_pub,
			  bad_access_code ? NULL : sb->access_code, f, &rep);
	/* Accepted, though Gotadi would not send it: said, and refused under
	 * --strict with the code a strict gateway answers. */
	strict_by = ctx->cfg->strict ? "--strict" : mp->rec->settings.strict ? "settings.strict" : NULL;
	strict = strict_by && opened == GTD_OK && rep.leniency[0];
	if (rep.leniency[0]) {
		mock_entry_check(ctx->entry, "conformance", !strict, "%s%s%s%s", rep.leniency,
				 strict ? " (" : " (accepted)", strict ? strict_by : "", strict ? ": refused)" : "");
		mock_response_header(resp, "X-Gtd-Warning", "accepted, but not as Gotadi sends it: %.600s",
				     rep.leniency);
	}
	if (strict) {
		*code = &gtd_codes[gtd_open_step_code(rep.lenient_step)];
		mock_entry_json(ctx->entry, "fields", fields_json(f));
		mock_entry_why(ctx->entry, "%s%s: %s (error code %s)", strict_by,
			       *strict_by == '-' ? "" : " of this partner", rep.leniency, (*code)->code);
	} else if (opened != GTD_OK) {
		*code = &gtd_codes[gtd_open_step_code(rep.step)];
		mock_entry_check(ctx->entry, gtd_open_step_name(rep.step), 0, "%s", rep.why);
		if (rep.signed_data) {
			char *shown = gtd_schema_mask_signed(s, rep.signed_data);

			mock_entry_str(ctx->entry, "signature_data", shown ? shown : "(out of memory)");
			free(shown);
		}
		signer[0] = '\0';
		if (rep.step == GTD_OPEN_SIGNATURE) {
			explain_signature(ctx, s, &rep);
			known_signer(ctx, mp, s, &rep, signer, sizeof(signer));
		}
		mock_entry_json(ctx->entry, "fields", fields_json(f));
		mock_entry_why(ctx->entry, "the envelope failed at step '%s': %s%s (error code %s)%s",
			       gtd_open_step_name(rep.step), signer, rep.why, (*code)->code,
			       wrong_endpoint(ctx, s, &rep, hint, sizeof(hint)));
	} else {
		mock_entry_check(ctx->entry, "envelope", 1, "decrypted, %zu fields, signature verified",
				 s->nfields);
		mock_entry_json(ctx->entry, "fields", fields_json(f));
		if (bad_access_code) {
			*code = &gtd_codes[GTD_CODE_ACCESS_CODE];
			mock_entry_why(ctx->entry, "the x-ibe-req-name header is not this partner's access "
						   "code (error code 06)");
		}
	}
	gtd_open_report_release(&rep);
	gtd_envelope_release(&env);
	return mp;
}

/* login-response with code and, on success, the webview URL. */
static void answer_login(mock_ctx *ctx, const mock_partner *mp, const gtd_code_info *code,
			 const char *redirect, const mock_fault_hit *hit, mock_response *resp)
{
	const char *const pairs[][2] = {
		{"access_code", mp->rec->env[GTD_ENV_SANDBOX].access_code},
		{"error_code", code->code},
		{"redirect_url", redirect ? redirect : ""},
	};
	gtd_fields out;
	gtd_status st;
	gtd_err err;

	gtd_fields_init(&out, gtd_api_response_schema(gtd_api_get(GTD_API_LOGIN)));
	st = gtd_fields_set_pairs(&out, pairs, sizeof(pairs) / sizeof(pairs[0]), &err);
	mock_entry_str(ctx->entry, "error_code", code->code);
	answer_sealed(ctx, mp, &out, st, &err, hit, resp);
	gtd_fields_release(&out);
}

void api_login(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const gtd_schema *s = gtd_api_request_schema(gtd_api_get(GTD_API_LOGIN));
	const gtd_code_info *code;
	const mock_partner *mp;
	mock_fault_hit hit;
	gtd_fields f;
	int status;
	char *token = NULL, *redirect = NULL;
	const char *user, *product, *layout;

	mp = open_request(ctx, req, s, &f, &code, resp);
	if (!mp)
		goto out;
	mock_fault_take(ctx->state, GTD_API_LOGIN, mp->rec->id, NULL, &hit);
	if (fault_answer(ctx, &hit, resp))
		goto out;
	if (hit.code[0]) {
		code = gtd_code_lookup(hit.code);
		mock_entry_why(ctx->entry, "fault %lu forced error code %s", hit.id, code->code);
	}
	if (code) {
		answer_login(ctx, mp, code, NULL, &hit, resp);
		goto out;
	}
	user = gtd_fields_get(&f, "user_id");
	product = gtd_fields_get(&f, "product");
	layout = gtd_fields_get(&f, "layout");
	if ((status = magic_http(user))) {
		mock_entry_why(ctx->entry, "user_id %s is the magic value for HTTP %d", user, status);
		mock_response_error(resp, status, "forced by user_id %s", user);
		goto out;
	}
	if ((code = magic_code(user))) {
		mock_entry_why(ctx->entry, "user_id %s is the magic value for error code %s", user,
			       code->code);
		answer_login(ctx, mp, code, NULL, &hit, resp);
		goto out;
	}
	if ((strcmp(product, "flight") == 0 && !mp->rec->products.flight) ||
	    (strcmp(product, "hotel") == 0 && !mp->rec->products.hotel)) {
		mock_entry_check(ctx->entry, "product", 0, "partner %s does not sell %s", mp->rec->id,
				 product);
		mock_entry_why(ctx->entry, "the partner's contract has no %s product (error code 07)",
			       product);
		answer_login(ctx, mp, &gtd_codes[GTD_CODE_MALFORMED], NULL, &hit, resp);
		goto out;
	}
	{
		time_t now = mock_now(ctx->state);
		cJSON *claims = cJSON_CreateObject();

		cJSON_AddStringToObject(claims, "sub", user);
		cJSON_AddStringToObject(claims, "partner", mp->rec->id);
		cJSON_AddStringToObject(claims, "product", product);
		cJSON_AddStringToObject(claims, "layout",
					*layout ? layout : gtd_layout_names[mp->rec->layout]);
		cJSON_AddNumberToObject(claims, "iat", (double)now);
		cJSON_AddNumberToObject(claims, "exp", (double)(now + TOKEN_LIFETIME));
		token = mock_jwt_sign(ctx->state->jwt_secret, sizeof(ctx->state->jwt_secret), claims);
		cJSON_Delete(claims);
	}
	if (!token || asprintf(&redirect, "%s/webview?access_token=%s", req->base_url, token) < 0) {
		redirect = NULL;
		answer_login(ctx, mp, &gtd_codes[GTD_CODE_OTHER], NULL, &hit, resp);
		goto out;
	}
	mock_entry_why(ctx->entry, "user %s logged in for %s; the webview URL carries a token valid "
				   "for %d minutes", user, product, TOKEN_LIFETIME / 60);
	answer_login(ctx, mp, &gtd_codes[GTD_CODE_SUCCESS], redirect, &hit, resp);
out:
	free(token);
	free(redirect);
	gtd_fields_release(&f);
}

/* properties of a commit/query-trans answer: the three statuses as a JSON
 * object text, as Gotadi documents it
 * ({"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"}).
 * The names are upper-case words, so the text never holds '|', the
 * envelope's separator.  NULL when out of memory; the caller frees it. */
static char *trans_properties(const gtd_booking *b)
{
	gtd_buf out;
	gtd_jw w;

	gtd_buf_init(&out, 256);
	gtd_jw_init(&w, &out);
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_str(&w, "status", gtd_bstatus_name(b->status));
	gtd_jw_str(&w, "paymentStatus", gtd_pstatus_name(b->payment));
	gtd_jw_str(&w, "issuedStatus", gtd_istatus_name(b->issued));
	gtd_jw_close(&w, '}');
	return gtd_buf_detach(&out);
}

/* Fills the commit/query-trans answer from b (may be NULL).  GTD_OK, or
 * GTD_ENOMEM with err set: some field could not be filled. */
static gtd_status trans_answer(mock_ctx *ctx, const mock_request *req, const mock_partner *mp,
			       const char *number, const gtd_booking *b, const gtd_code_info *code,
			       int commit, gtd_fields *out, gtd_err *err)
{
	char amount[32] = "", *props = NULL, *url = NULL;
	gtd_status st;

	gtd_fields_init(out, gtd_schema_find(commit ? "commit-response" : "query-trans-response"));
	mock_entry_str(ctx->entry, "error_code", code->code);
	/* Required in an answer with 00, 01 or 02 (gtd_fields_check): only a
	 * forced code can give one for a booking the mock does not have. */
	if (!b && gtd_code_processed(code->code))
		strcpy(amount, "0.0");
	if (b) {
		gtd_amount_java(b->total_amount, amount);
		props = trans_properties(b);
		if (asprintf(&url, "%s/webview/result/%s", req->base_url, b->number) < 0)
			url = NULL;
	}
	{
		const char *const pairs[][2] = {
			{"access_code", mp->rec->env[GTD_ENV_SANDBOX].access_code},
			{"booking_number", number},
			{"error_code", code->code},
			{"product_type", b ? gtd_product_type(b->product) : NULL},
			{"total_amount", amount},
			{"properties", props},
			{"return_url", url},
		};

		st = gtd_fields_set_pairs(out, pairs, sizeof(pairs) / sizeof(pairs[0]), err);
	}
	if (st == GTD_OK && b && (!props || !url))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	free(props);
	free(url);
	return st;
}

/* Test rules (Gotadi's, for its sandbox) on commit: warnings in the
 * journal; a refusal (02) only when the partner asked for it.  The other
 * bookings they compare with come from the ticket index, whatever the
 * number of bookings.  Lock held. */
static int rules_refuse(mock_ctx *ctx, const mock_partner *mp, const gtd_booking *b, time_t now)
{
	const gtd_booking *others[2 * MOCK_TICKETS_CANDIDATES];
	gtd_rule_violations v = {0};
	size_t i, n;
	int refuse = 0;
	cJSON *warnings;

	n = mock_tickets_others(ctx->state->tickets, ctx->state, b, now, others,
				sizeof(others) / sizeof(others[0]));
	if (gtd_rules_check(b, others, n, GTD_RULES_COMMIT, now, &v, NULL) == GTD_OK && v.n) {
		warnings = cJSON_CreateArray();
		for (i = 0; i < v.n; i++)
			cJSON_AddItemToArray(warnings, cJSON_CreateString(v.v[i].detail));
		mock_entry_json(ctx->entry, "test_rule_warnings", warnings);
		refuse = mp->rec->settings.enforce_test_rules;
		mock_entry_check(ctx->entry, "test-rules", 0, "%zu of Gotadi's test rules broken%s", v.n,
				 refuse ? " (enforced: refused)" : " (warning only)");
	}
	gtd_rule_violations_release(&v);
	return refuse;
}

/* Commit (commit != 0) or check commit result, under the lock: returns
 * the answer's code and leaves b on the booking when there is one. */
static const gtd_code_info *trans_act(mock_ctx *ctx, const mock_partner *mp, const gtd_fields *f,
				      int commit, gtd_booking **bp)
{
	const char *number = gtd_fields_get(f, "booking_number");
	const char *trans_id = commit ? gtd_fields_get(f, "partner_trans_id") : NULL;
	time_t now = mock_now(ctx->state);
	gtd_email_set mail = 0;
	gtd_commit_outcome outcome;
	gtd_booking *b;
	gtd_code c;
	int dup, changed;

	b = mock_booking_of(ctx->state, number, mp->rec->id);
	if (!b) {
		mock_entry_check(ctx->entry, "booking", 0, "no booking %s for partner %s", number,
				 mp->rec->id);
		mock_entry_why(ctx->entry, "booking %s does not exist for this partner (error code 10)",
			       number);
		return &gtd_codes[GTD_CODE_NOT_FOUND];
	}
	*bp = b;
	mock_effects_before(ctx, b);
	mock_entry_statuses(ctx->entry, "before", b);
	changed = gtd_booking_settle_due(b, now);
	mail = gtd_booking_settle(b, now);
	if (!commit) {
		c = gtd_booking_query(b);
		mock_entry_why(ctx->entry, "booking %s: %s, payment %s, issuance %s (error code %s)", number,
			       gtd_bstatus_name(b->status), gtd_pstatus_name(b->payment),
			       gtd_istatus_name(b->issued), gtd_codes[c].code);
		goto done;
	}
	if (gtd_product_lookup(gtd_fields_get(f, "product_type")) != (int)b->product) {
		mock_entry_why(ctx->entry, "product_type %s does not match booking %s, which is %s "
					   "(error code 07)", gtd_fields_get(f, "product_type"), number,
			       gtd_product_type(b->product));
		c = GTD_CODE_MALFORMED;
		goto done;
	}
	/* A repeated commit changes nothing: the rules were the first one's. */
	if (!b->committed && rules_refuse(ctx, mp, b, now)) {
		mock_entry_why(ctx->entry, "the booking breaks Gotadi's test rules and this partner "
					   "enforces them (error code 02)");
		c = GTD_CODE_FAILED;
		goto done;
	}
	outcome = gtd_commit_outcome_for(trans_id, mp->rec->settings.async_issue
				       ? GTD_COMMIT_ISSUE_ASYNC : GTD_COMMIT_ISSUE_NOW);
	{
		gtd_email_set more = 0;

		c = gtd_booking_commit(b, trans_id, outcome, now, ctx->state->issue_delay, &more);
		mail |= more;
	}
	dup = c == GTD_CODE_DUPLICATE;
	/* A refused or repeated commit leaves the booking as it was. */
	changed |= !dup && b->committed;
	if (!dup && b->committed)
		mock_tickets_note(ctx->state->tickets, b);
	if (dup)
		c = mp->rec->settings.duplicate_commit_code;
	if (dup)
		mock_entry_why(ctx->entry, "booking %s was already committed (error code %s; the partner "
					   "setting duplicate_commit_code chooses 08 or 10)", number,
			       gtd_codes[c].code);
	else if (b->status == GTD_BOOKING_EXPIRED)
		mock_entry_why(ctx->entry, "booking %s expired at its time to live before the commit "
					   "(error code 02)", number);
	else if (!b->committed)
		mock_entry_why(ctx->entry, "booking %s is %s, not held: it cannot be paid (error code 02)",
			       number, gtd_bstatus_name(b->status));
	else if (outcome == GTD_COMMIT_DEADLINE_PASSED)
		mock_entry_why(ctx->entry, "partner_trans_id gtd-deadline-passed: the payment of %s is taken "
					   "as arriving after the hold's deadline; Gotadi keeps it BOOKED with "
					   "payment SUCCEEDED but cannot issue (issuance FAILED, its FAQ's status "
					   "row 11): refund the customer (error code 02)", number);
	else
		mock_entry_why(ctx->entry, "commit of %s: payment %s, issuance %s (error code %s)", number,
			       gtd_pstatus_name(b->payment), gtd_istatus_name(b->issued),
			       gtd_codes[c].code);
done:
	mock_effects_mail(ctx, b, mail);
	if (changed)
		mock_effects_booking(ctx, b);
	mock_entry_statuses(ctx->entry, "after", b);
	return &gtd_codes[c];
}

static void trans(mock_ctx *ctx, const mock_request *req, mock_response *resp, int commit)
{
	const gtd_api *api = gtd_api_get(commit ? GTD_API_COMMIT : GTD_API_QUERY_TRANS);
	const gtd_schema *s = gtd_api_request_schema(api);
	const gtd_code_info *code;
	const mock_partner *mp;
	mock_fault_hit hit = {0};
	gtd_booking *b = NULL;
	gtd_fields f, out;
	const char *number, *trans_id;
	gtd_status filled;
	int opened;
	gtd_err err;

	gtd_fields_init(&out, gtd_api_response_schema(api));
	mp = open_request(ctx, req, s, &f, &code, resp);
	if (!mp)
		goto out;
	number = gtd_fields_get(&f, "booking_number");
	trans_id = commit ? gtd_fields_get(&f, "partner_trans_id") : NULL;
	mock_entry_str(ctx->entry, "booking", *number ? number : NULL);
	mock_fault_take(ctx->state, api->id, mp->rec->id, number, &hit);
	if (fault_answer(ctx, &hit, resp))
		goto out;
	opened = !code;
	if (!code && hit.code[0]) {
		code = gtd_code_lookup(hit.code);
		mock_entry_why(ctx->entry, "fault %lu forced error code %s", hit.id, code->code);
	}
	if (!code && (code = magic_code(trans_id)))
		mock_entry_why(ctx->entry, "partner_trans_id %s is the magic value for error code %s",
			       trans_id, code->code);
	mock_state_lock(ctx->state);
	if (!code)
		code = trans_act(ctx, mp, &f, commit, &b);
	else if (opened)   /* a forced code answers with the booking as it is */
		b = mock_booking_of(ctx->state, number, mp->rec->id);
	filled = trans_answer(ctx, req, mp, number, b, code, commit, &out, &err);
	mock_state_unlock(ctx->state);
	answer_sealed(ctx, mp, &out, filled, &err, &hit, resp);
out:
	gtd_fields_release(&f);
	gtd_fields_release(&out);
}

void api_commit(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	trans(ctx, req, resp, 1);
}

void api_query_trans(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	trans(ctx, req, resp, 0);
}

/* Place order's JSON answer {success, isSuccess, result, errors, infos,
 * textMessage, duration} (doc/protocol.md, "Endpoints").  A failure is one error
 * object {code, id, message}, as the gateway sends them: code a stable
 * name, id the journal entry that explains it. */
static void place_order_json(mock_ctx *ctx, mock_response *resp, int status, const char *result,
			     const char *code, const char *message)
{
	cJSON *o = cJSON_CreateObject(), *errors = cJSON_AddArrayToObject(o, "errors");

	cJSON_AddBoolToObject(o, "success", result != NULL);
	cJSON_AddBoolToObject(o, "isSuccess", result != NULL);
	if (result)
		cJSON_AddStringToObject(o, "result", result);
	else
		cJSON_AddNullToObject(o, "result");
	if (code) {
		cJSON *e = cJSON_CreateObject();
		char id[24];

		snprintf(id, sizeof(id), "%lu", ctx->entry->id);
		cJSON_AddStringToObject(e, "code", code);
		cJSON_AddStringToObject(e, "id", id);
		cJSON_AddStringToObject(e, "message", message);
		cJSON_AddItemToArray(errors, e);
	}
	cJSON_AddArrayToObject(o, "infos");
	cJSON_AddStringToObject(o, "textMessage", message ? message : "");
	cJSON_AddNumberToObject(o, "duration", 0);
	mock_response_json(resp, status, o);
}

void api_place_order(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = mock_arg(req, "bookingNumber");
	const mock_partner *mp = ctx->caller.mp;
	mock_fault_hit hit;
	gtd_booking *b;
	gtd_fields f;
	gtd_envelope env = {0};
	gtd_err err;
	gtd_status st;
	char amount[32], *url = NULL;
	const char *pid;

	gtd_fields_init(&f, gtd_schema_find("place-order"));
	pid = mp->rec->id;
	mock_entry_str(ctx->entry, "booking", number);
	if (!keys_ready(ctx, mp, resp))
		goto out;
	mock_fault_take(ctx->state, GTD_API_PLACE_ORDER, pid, number, &hit);
	if (fault_answer(ctx, &hit, resp))
		goto out;
	if (!number || !*number) {
		mock_entry_why(ctx->entry, "place order needs ?bookingNumber=N (HTTP 400)");
		place_order_json(ctx, resp, 400, NULL, "BOOKING_NUMBER_REQUIRED", "missing bookingNumber");
		goto out;
	}
	mock_state_lock(ctx->state);
	b = mock_booking_of(ctx->state, number, pid);
	if (b)
		mock_settle(ctx, b);
	if (!b) {
		mock_state_unlock(ctx->state);
		mock_entry_why(ctx->entry, "booking %s does not exist for partner %s (HTTP 404)", number, pid);
		place_order_json(ctx, resp, 404, NULL, "BOOKING_NOT_FOUND", "booking not found");
		goto out;
	}
	if (b->status != GTD_BOOKING_BOOKED || b->committed) {
		mock_entry_why(ctx->entry, "booking %s is %s%s: only a held, unpaid booking goes to payment "
					   "(HTTP 400)", number, gtd_bstatus_name(b->status),
			       b->committed ? " and already committed" : "");
		mock_state_unlock(ctx->state);
		place_order_json(ctx, resp, 400, NULL, "BOOKING_NOT_PAYABLE", "booking cannot be paid");
		goto out;
	}
	snprintf(amount, sizeof(amount), "%lld", b->total_amount);
	{
		const char *const pairs[][2] = {
			{"access_code", mp->rec->env[GTD_ENV_SANDBOX].access_code},
			{"booking_number", b->number},
			{"product_type", gtd_product_type(b->product)},
			{"total_amount", amount},
		};

		st = gtd_fields_set_pairs(&f, pairs, sizeof(pairs) / sizeof(pairs[0]), &err);
	}
	mock_state_unlock(ctx->state);
	if (st != GTD_OK) {
		mock_entry_why(ctx->entry, "the mock could not fill the place-order message: %s (HTTP 500)",
			       err.msg);
		place_order_json(ctx, resp, 500, NULL, "INTERNAL_ERROR", "cannot fill the redirect");
		goto out;
	}
	if (!mp->rec->links.payment_url) {
		mock_entry_why(ctx->entry, "partner %s has no payment URL (links.payment_url) to redirect "
					   "to (HTTP 500)", pid);
		place_order_json(ctx, resp, 500, NULL, "PAYMENT_URL_MISSING",
				 "partner payment URL not configured");
		goto out;
	}
	if (gtd_seal_ex(&f, mock_partner_emulator(mp), mp->partner_pub, NULL, 0,
			hit.corrupt == MOCK_CORRUPT_SIGNATURE ? GTD_SEAL_BAD_SIGNATURE : 0, &env,
			&err) != GTD_OK ||
	    asprintf(&url, "%s?key=%s%cdata=%s", mp->rec->links.payment_url, env.key,
		     mp->rec->settings.redirect_separator, env.data) < 0) {
		url = NULL;
		place_order_json(ctx, resp, 500, NULL, "INTERNAL_ERROR", "cannot seal the redirect");
		goto out;
	}
	mock_entry_str(ctx->entry, "redirect", url);
	mock_entry_why(ctx->entry, "booking %s goes to the partner's payment page with a sealed "
				   "place-order message (separator '%c' before data)", number,
		       mp->rec->settings.redirect_separator);
	place_order_json(ctx, resp, 200, url, NULL, NULL);
out:
	free(url);
	gtd_envelope_release(&env);
	gtd_fields_release(&f);
}

void api_booking_detail(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = mock_arg(req, "booking_number");
	const mock_partner *mp = ctx->caller.mp;
	mock_fault_hit hit;
	gtd_booking *b;
	time_t now;

	mock_entry_str(ctx->entry, "booking", number);
	mock_fault_take(ctx->state, GTD_API_BOOKING_DETAIL, mp->rec->id, number, &hit);
	if (fault_answer(ctx, &hit, resp))
		return;
	if (!number || !*number) {
		mock_entry_why(ctx->entry, "booking detail needs ?booking_number=N (HTTP 400)");
		mock_response_error(resp, 400, "missing booking_number");
		return;
	}
	/* Detail only reads, and calls queue on nothing unless the clock has
	 * moved the booking on (expiry, issuance): then settling writes. */
	now = mock_now(ctx->state);
	mock_state_read_lock(ctx->state);
	b = mock_booking_of(ctx->state, number, mp->rec->id);
	if (b && gtd_booking_settle_due(b, now)) {
		mock_state_unlock(ctx->state);
		mock_state_lock(ctx->state);
		if ((b = mock_booking_of(ctx->state, number, mp->rec->id)))
			mock_settle(ctx, b);
	}
	if (!b) {
		mock_state_unlock(ctx->state);
		mock_entry_why(ctx->entry, "booking %s does not exist for partner %s (HTTP 404)", number,
			       mp->rec->id);
		mock_response_error(resp, 404, "booking %s not found", number);
		return;
	}
	mock_answer_booking(resp, b, 0);
	mock_entry_statuses(ctx->entry, "after", b);
	mock_state_unlock(ctx->state);
	mock_entry_why(ctx->entry, "booking %s as it stands", number);
}
