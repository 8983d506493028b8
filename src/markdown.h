/*
 * markdown: CommonMark + GFM (tables, strikethrough, autolinks, tagfilter)
 * to HTML with cmark-gfm, the only module that includes it.
 *
 * Raw HTML is omitted (and javascript: links dropped, as cmark-gfm's safe
 * mode does) unless opts->unsafe.  Fenced code blocks whose info string
 * names a hook (such as "hours") are handed to that hook, whose HTML takes
 * the block's place.  Headings move down a level when the body has an
 * <h1>, which belongs to the post's title.  Table cells are aligned with
 * style attributes (HTML5 has no align), and void elements end in ">",
 * not XHTML's " />".  Thread-safe after
 * markdown_init().
 */
#ifndef HERALDO_MARKDOWN_H
#define HERALDO_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct diags;

/*
 * A fenced-block handler: append the block's HTML to "html".  "text" is
 * the block's content; "line" the 1-based line of the file where it
 * starts (the line after the opening fence), "indent" its column offset.
 * "arg" is the hook's own (set once, shared by every render); "ctx" is
 * the one given to markdown_render for this document (post_load passes
 * a struct post_render).  Returns 0, or -1 after recording errors (the
 * build then fails).
 */
struct markdown_hook {
	const char	*info;
	int		(*render)(struct buf *html, const char *text,
			    size_t len, const char *path, unsigned line,
			    unsigned indent, void *arg, void *ctx);
	void		*arg;
};

/*
 * The link hook (opts->link) is called for the destination of every
 * link and image, in document order ("line" and "col" are the file's,
 * 1-based; "ctx" is the one given to markdown_render).  It returns the
 * destination to write instead (copied at once), or NULL to keep it.
 */
struct markdown_opts {
	bool				 unsafe;
	const struct markdown_hook	*hooks;
	size_t				 nhooks;
	/* The link hook, or NULL. */
	const char			*(*link)(const char *url, unsigned line,
					    unsigned col, bool image,
					    void *ctx);
};

struct markdown_doc {
	char	*html;		/* in the arena */
	size_t	 len;
	char	*first_para;	/* plain text of the first paragraph, or "" */
};

/* Register cmark-gfm's extensions; call once before any thread renders. */
void	markdown_init(void);

/*
 * Free the calling thread's Markdown memory (worker threads' is freed
 * when they exit; the main thread calls this when a build ends).
 */
void	markdown_thread_done(void);

/*
 * Render text[0..len), whose first line is line "first_line" of "path",
 * into *doc (allocated in "a").  "ctx" is handed to every hook as is (it
 * may be NULL).  Returns 0, or -1 if a hook failed.
 *
 * What would be lost without a word is a warning on "path" (an error
 * under --strict): raw HTML omitted in safe mode (one warning for the
 * document, at the first place, with the count; comments show nothing
 * and are not counted), and template syntax of other generators ("{{ }}",
 * "{% %}", "{{< >}}", "{{% %}}") in text or raw HTML outside code and
 * comments, which is written out as text (likewise one warning, at the
 * first place).  A brace escaped with a backslash ("\{{") is meant.
 */
int	markdown_render(struct markdown_doc *doc, const char *path,
	    const char *text, size_t len, unsigned first_line,
	    const struct markdown_opts *opts, void *ctx, struct arena *a,
	    struct diags *d);

/*
 * The same warning for template syntax of other generators in HTML
 * text[0..len) (an HTML post's body, whose first line is line
 * "first_line" of "path"), outside <pre> and <code> elements and
 * comments.
 */
void	markdown_check_html(const char *path, const char *text, size_t len,
	    unsigned first_line, struct diags *d);

#endif /* !HERALDO_MARKDOWN_H */
