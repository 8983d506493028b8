/*
 * report: the build report as JSON (RFC 8259), written by hand: a flat
 * document of numbers and strings needs no library.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "report.h"
#include "site.h"

/* A JSON string of a C string. */
static void
put_text(struct buf *b, const char *s)
{
	buf_put_json(b, s, strlen(s), false);
}

void
report_utc(char out[32], long long t)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
report_write(const char *path, bool ok, const struct site_stats *st,
    struct diags *d)
{
	static const char *const levels[] = { "error", "warning", "note" };
	struct buf		 b = BUF_INIT;
	const struct diag	*x;
	char			 tmp[4096], when[32];
	size_t			 i;
	FILE			*fp;
	int			 rc = -1;

	buf_printf(&b, "{\n  \"ok\": %s,\n", ok ? "true" : "false");
	buf_printf(&b, "  \"posts\": %lu,\n  \"pages\": %lu,\n"
	    "  \"drafts\": %lu,\n  \"future\": %lu,\n  \"expired\": %lu,\n"
	    "  \"files_written\": %lu,\n  \"files_unchanged\": %lu,\n"
	    "  \"posts_loaded\": %lu,\n  \"posts_from_cache\": %lu,\n",
	    st->posts, st->pages, st->drafts, st->future, st->expired,
	    st->written, st->unchanged, st->loaded, st->restored);
	buf_printf(&b, "  \"seconds\": {\"history\": %.3f, \"load\": %.3f, "
	    "\"render\": %.3f, \"feeds\": %.3f, \"write\": %.3f, "
	    "\"total\": %.3f},\n", st->t_history, st->t_load, st->t_render,
	    st->t_feeds, st->t_write, st->seconds);
	buf_puts(&b, "  \"next_change\": ");
	if (st->next_change != 0) {
		report_utc(when, st->next_change);
		buf_puts(&b, "{\"at\": ");
		put_text(&b, when);
		buf_puts(&b, ", \"reason\": ");
		put_text(&b, st->next_reason);
		buf_puts(&b, "},\n");
	} else
		buf_puts(&b, "null,\n");
	buf_puts(&b, "  \"diagnostics\": [");
	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		buf_puts(&b, i > 0 ? ",\n    " : "\n    ");
		buf_puts(&b, "{\"level\": ");
		put_text(&b, levels[x->level]);
		buf_puts(&b, ", \"path\": ");
		put_text(&b, x->path);
		buf_printf(&b, ", \"line\": %u, \"column\": %u, \"message\": ",
		    x->line, x->col);
		put_text(&b, x->msg);
		buf_putc(&b, '}');
	}
	buf_puts(&b, i > 0 ? "\n  ]\n}\n" : "]\n}\n");

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL) {
		diag_error(d, path, 0, 0, "cannot write the report: %s",
		    strerror(errno));
		goto out;
	}
	fwrite(b.data, 1, b.len, fp);
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		diag_error(d, path, 0, 0, "cannot write the report: %s",
		    strerror(errno));
		remove(tmp);
		goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}
