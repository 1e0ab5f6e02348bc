/* check_main.h - the main() every unit suite shares: run one suite, exit
 * non-zero when any check failed. */
#ifndef GTD_CHECK_MAIN_H
#define GTD_CHECK_MAIN_H

#include <check.h>
#include <locale.h>
#include <stdlib.h>

#define GTD_CHECK_MAIN(make_suite)                                   \
	int main(void)                                               \
	{                                                            \
		SRunner *sr;                                         \
		int failed;                                          \
                                                                     \
		setlocale(LC_ALL, "C.UTF-8");                        \
		sr = srunner_create(make_suite());                   \
		srunner_run_all(sr, CK_NORMAL);                      \
		failed = srunner_ntests_failed(sr);                  \
		srunner_free(sr);                                    \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;         \
	}

#endif
