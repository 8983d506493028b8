/*
 * Unit tests for summary: the build's account in words, with English
 * plurals from ICU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "site.h"
#include "summary.h"

static void
test_summary_built(void **state)
{
	struct site_stats	 st;
	struct buf		 b = BUF_INIT;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.posts = 1;
	st.pages = 1;
	st.written = 1;
	st.unchanged = 3;
	st.seconds = 0.5;
	summary_built(&b, &st, "public");
	assert_string_equal(buf_cstr(&b), "built 1 post and 1 page into "
	    "public: 1 file written, 3 unchanged, in 0.50 s");

	buf_reset(&b);
	st.posts = 12;
	st.pages = 0;
	st.written = 40;
	st.drafts = 1;
	st.future = 2;
	summary_built(&b, &st, "out");
	assert_string_equal(buf_cstr(&b), "built 12 posts and 0 pages into "
	    "out: 40 files written, 3 unchanged, in 0.50 s; 1 draft and 2 "
	    "scheduled posts left out");
	buf_free(&b);
}

static void
test_summary_left_out(void **state)
{
	struct site_stats	 st;
	struct buf		 b = BUF_INIT;

	(void)state;
	memset(&st, 0, sizeof(st));
	summary_left_out(&b, &st);
	assert_string_equal(buf_cstr(&b), "");
	st.drafts = 2;
	summary_left_out(&b, &st);
	assert_string_equal(buf_cstr(&b), "2 drafts left out");
	buf_reset(&b);
	st.drafts = 0;
	st.future = 1;
	st.expired = 3;
	summary_left_out(&b, &st);
	assert_string_equal(buf_cstr(&b), "1 scheduled post left out; 3 "
	    "expired posts out of lists and feeds");
	buf_reset(&b);
	st.future = 0;
	st.expired = 1;
	summary_left_out(&b, &st);
	assert_string_equal(buf_cstr(&b), "1 expired post out of lists and "
	    "feeds");
	buf_free(&b);
}

/* The count that ends a failed build's diagnostics. */
static void
test_summary_errors(void **state)
{
	struct diags	*d = diags_new();
	struct buf	 b = BUF_INIT;

	(void)state;
	summary_errors(&b, d);
	assert_int_equal(b.len, 0);
	diag_warning(d, "a.md", 1, 1, "only a warning");
	summary_errors(&b, d);
	assert_int_equal(b.len, 0);
	diag_error(d, "a.md", 2, 1, "one");
	summary_errors(&b, d);
	assert_string_equal(buf_cstr(&b), "1 error; nothing was written");
	buf_reset(&b);
	diag_error(d, "a.md", 3, 1, "two");
	summary_errors(&b, d);
	assert_string_equal(buf_cstr(&b),
	    "2 errors in 1 file; nothing was written");
	buf_reset(&b);
	diag_error(d, "b.md", 1, 1, "three");
	diag_error(d, NULL, 0, 0, "four");
	summary_errors(&b, d);
	assert_string_equal(buf_cstr(&b),
	    "4 errors in 2 files and the build; nothing was written");
	buf_free(&b);
	diags_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_built),
		cmocka_unit_test(test_summary_left_out),
		cmocka_unit_test(test_summary_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
