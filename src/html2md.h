/*
 * html2md: HTML post bodies (Blogger, WordPress exports) to CommonMark
 * with GitHub's tables, for `heraldo import`.
 *
 * The HTML is parsed with libxml2's HTML parser, as a browser would
 * repair it, and walked once.  Paragraphs, headings, emphasis, links,
 * images, lists, blockquotes, code, line breaks, rules and simple tables
 * become Markdown, with Markdown's special characters escaped so that the
 * text renders as it read.  What Markdown cannot say (styled blocks,
 * tables with merged cells, forms, embedded media) stays as raw HTML: a
 * block on lines of its own, or inline tags around converted text; the
 * site then needs markdown.unsafe.  Elements that GitHub's tag filter
 * escapes when rendering (iframe, script, style, ...) are kept only with
 * opts->keep_filtered; otherwise an iframe becomes a link to its address
 * and the others are left out, each with a warning.
 */
#ifndef HERALDO_HTML2MD_H
#define HERALDO_HTML2MD_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct diags;

struct html2md_opts {
	bool		 keep_filtered;	/* iframe, script, style */
	/*
	 * Line breaks in text count, as WordPress's wpautop has them: a
	 * blank line parts paragraphs, a single one is a line break.
	 */
	bool		 autop;
	const char	*path;		/* where warnings are placed */
	unsigned	 line;		/* first line in "path" */
	/* Called with each image's address, if not NULL. */
	void		(*image)(void *arg, const char *src);
	void		*arg;
};

struct html2md_stats {
	size_t		 md_text;	/* text bytes now in Markdown */
	size_t		 raw_text;	/* text bytes left HTML */
	unsigned	 raw_blocks;	/* raw HTML blocks written */
	unsigned	 raw_inline;	/* elements kept as inline tags */
	unsigned	 changed;	/* left out or changed (warned) */
};

/*
 * Append the Markdown for html[0..len) to "md" (ending in one newline,
 * or nothing for an empty body) and fill *st.  Warnings for what was
 * changed or left out go to "d" (which may be NULL), placed at
 * opts->path, line opts->line + the element's line - 1.  Never fails.
 */
void	html2md_convert(struct buf *md, struct html2md_stats *st,
	    const char *html, size_t len, const struct html2md_opts *opts,
	    struct diags *d);

/*
 * Append html[0..len) as the body of an HTML post: parsed as
 * html2md_convert parses it and written back whole, embedded frames and
 * scripts too (an HTML post shows them), with wpautop's paragraphs and
 * line breaks where opts->autop; ends in one newline, or nothing for an
 * empty body.  For bodies html2md_mostly_raw finds more HTML than
 * Markdown.  Never fails.
 */
void	html2md_html(struct buf *out, const char *html, size_t len,
	    const struct html2md_opts *opts);

/* True when the result holds raw HTML, so the site needs markdown.unsafe. */
bool	html2md_needs_unsafe(const struct html2md_stats *st);

/* True when more of the text stayed HTML than became Markdown. */
bool	html2md_mostly_raw(const struct html2md_stats *st);

#endif /* !HERALDO_HTML2MD_H */
