/* Crash safety of the store: a writer killed with SIGKILL at random points
 * never leaves a torn record.  Each record's company name carries the
 * revision it was written with, so "old or new version" is checkable. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "store.h"

#define WRITES 1000
#define KILLS 25

static char dir[64];

static void setup(void)
{
	gtd_store *s;
	gtd_partner *p = gtd_partner_new("crash-test");

	strcpy(dir, "/tmp/gtd-check-crash.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(gtd_store_open(dir, &s, NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "Công ty v1", NULL), GTD_OK);
	ck_assert_int_eq(gtd_store_create(s, p, "test", NULL), GTD_OK);
	gtd_partner_free(p);
	gtd_store_close(s);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The child: save after save, telling the parent each revision it is
 * about to write. */
static void writer(int fd)
{
	gtd_store *s;
	int i;

	if (gtd_store_open(dir, &s, NULL) != GTD_OK)
		_exit(2);
	for (i = 0; i < WRITES; i++) {
		gtd_partner *p = NULL;
		char name[64];
		unsigned long next;

		if (gtd_store_load(s, "crash-test", &p, NULL) != GTD_OK)
			_exit(3);
		next = p->revision + 1;
		snprintf(name, sizeof(name), "Công ty v%lu", next);
		if (gtd_partner_set(p, "company.name", name, NULL) != GTD_OK ||
		    write(fd, &next, sizeof(next)) != sizeof(next) ||
		    gtd_store_save(s, p, "writer", NULL) != GTD_OK)
			_exit(4);
		gtd_partner_free(p);
	}
	_exit(0);
}

START_TEST(test_sigkill_never_tears_a_record)
{
	int round, torn = 0;
	unsigned long final = 0;

	srand((unsigned)time(NULL));
	for (round = 0; round < KILLS; round++) {
		unsigned long last = 0, rev;
		gtd_store *s;
		gtd_partner *p = NULL;
		gtd_strlist ids = {0};
		char want[64];
		int fds[2], status;
		pid_t pid;

		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1]);
		}
		close(fds[1]);
		/* Wait until one save is done and the next announced, however slow
		 * the writer (valgrind), then kill it at a random point. */
		ck_assert_int_eq(read(fds[0], &last, sizeof(last)), sizeof(last));
		ck_assert_int_eq(read(fds[0], &last, sizeof(last)), sizeof(last));
		usleep((useconds_t)(rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		ck_assert_msg(WIFSIGNALED(status), "the writer ended by itself (status %d)", status);
		while (read(fds[0], &rev, sizeof(rev)) == sizeof(rev))
			last = rev;
		close(fds[0]);
		ck_assert_int_eq(gtd_store_open(dir, &s, NULL), GTD_OK);
		ck_assert_int_eq(gtd_store_list(s, &ids, NULL), GTD_OK);
		ck_assert_uint_eq(ids.n, 1);   /* no temporary file counts as a record */
		ck_assert_int_eq(gtd_store_load(s, "crash-test", &p, NULL), GTD_OK);
		/* The writer was about to write revision `last`: the record holds
		 * that one or the one before, and its name matches its revision. */
		if (last)
			ck_assert_msg(p->revision == last || p->revision == last - 1,
				      "round %d: revision %lu, writer was at %lu", round, p->revision, last);
		snprintf(want, sizeof(want), "Công ty v%lu", p->revision);
		torn += strcmp(p->company.name, want) != 0;
		ck_assert_str_eq(p->company.name, want);
		final = p->revision;
		gtd_partner_free(p);
		gtd_strlist_release(&ids);
		gtd_store_close(s);
	}
	ck_assert_int_eq(torn, 0);
	/* Every round completed at least one save before its kill. */
	ck_assert_msg(final > KILLS, "only %lu revisions written", final);
}
END_TEST

static Suite *crash_suite(void)
{
	Suite *s = suite_create("crash");
	TCase *tc = tcase_create("sigkill");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sigkill_never_tears_a_record);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(crash_suite)
