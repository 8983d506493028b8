/*
 * Unit tests for the value tree: constructors, maps, lists, truthiness
 * and the text of scalars.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "value.h"

static void
test_value_map_order_and_replace(void **state)
{
	struct arena	*a = arena_new();
	struct value	*m = value_map(a);
	int		 i;
	char		 key[16];

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		value_map_set_num(a, m, key, i);
	}
	value_map_set_str(a, m, "k5", "five");
	assert_int_equal(value_len(m), 100);
	/* Insertion order is kept; a replaced key keeps its place. */
	assert_string_equal(m->u.map.v[0].key, "k0");
	assert_string_equal(m->u.map.v[5].key, "k5");
	assert_string_equal(value_str(value_map_get(m, "k5")), "five");
	assert_null(value_map_get(m, "k100"));
	assert_non_null(value_map_getn(m, "k99xyz", 3));
	assert_null(value_map_get(value_list(a), "k0"));
	arena_free(a);
}

static void
test_value_list(void **state)
{
	struct arena	*a = arena_new();
	struct value	*l = value_list(a);
	size_t		 i;

	(void)state;
	for (i = 0; i < 1000; i++)
		value_list_push(a, l, value_number(a, (double)i));
	assert_int_equal(value_len(l), 1000);
	assert_true(value_list_get(l, 999)->u.num.d == 999);
	assert_null(value_list_get(l, 1000));
	arena_free(a);
}

static void
test_value_truthy(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_false(value_truthy(NULL));
	assert_false(value_truthy(value_null(a)));
	assert_false(value_truthy(value_bool(a, false)));
	assert_false(value_truthy(value_string(a, "")));
	assert_false(value_truthy(value_list(a)));
	assert_true(value_truthy(value_map(a)));
	assert_true(value_truthy(value_number(a, 0)));
	assert_true(value_truthy(value_string(a, "0")));
	arena_free(a);
}

static void
test_value_scalar_text(void **state)
{
	struct arena	*a = arena_new();
	char		 tmp[32];
	size_t		 len;

	(void)state;
	assert_string_equal(value_scalar_text(value_number(a, 1.21), tmp,
	    &len), "1.21");
	assert_string_equal(value_scalar_text(value_number(a, -3), tmp,
	    &len), "-3");
	assert_string_equal(value_scalar_text(value_number(a, 0.1 + 0.2),
	    tmp, &len), "0.30000000000000004");
	assert_string_equal(value_scalar_text(value_bool(a, true), tmp,
	    &len), "true");
	assert_string_equal(value_scalar_text(value_null(a), tmp, &len), "");
	assert_int_equal(len, 0);
	assert_string_equal(value_scalar_text(value_stringn(a, "ab\0c", 4),
	    tmp, &len), "ab");
	assert_int_equal(len, 4);
	arena_free(a);
}

static void
test_value_equal(void **state)
{
	struct arena	*a = arena_new();
	struct value	*x = value_map(a), *y = value_map(a);

	(void)state;
	value_map_set_str(a, x, "a", "1");
	value_map_set_str(a, y, "a", "1");
	assert_true(value_equal(x, y));
	value_map_set_num(a, y, "b", 2);
	assert_false(value_equal(x, y));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_map_order_and_replace),
		cmocka_unit_test(test_value_list),
		cmocka_unit_test(test_value_truthy),
		cmocka_unit_test(test_value_scalar_text),
		cmocka_unit_test(test_value_equal),
	};

	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
