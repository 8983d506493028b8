/*
 * markdown: cmark-gfm parse, hook replacement, HTML render.
 *
 * cmark-gfm never fails on content.  Its positions are 1-based and
 * relative to the text it was given, so hooks get first_line - 1 added.
 * cmark-gfm's HTML is copied into the arena at once and freed with the
 * allocator that made it (cmark-gfm src/main.c does the same).
 */
#define _GNU_SOURCE	/* RTLD_NEXT */
#include <assert.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "text.h"
#include "util.h"

static const char *const extnames[] = {
	"table", "strikethrough", "autolink", "tagfilter"
};

/*
 * cmark-gfm 0.29 keeps the characters that start its extensions' inlines
 * ("~", ":", "w") in a process-wide table: every parse sets them when
 * its inline parsing starts and clears them when it ends, through this
 * function of its extension API, which it calls through its PLT.  Two
 * parses on two threads then lose strikethrough and autolinks at random:
 * the first to end clears the table under the other.  heraldo's
 * definition takes the library's place and counts the parses under way:
 * the first sets the table, the last clears it.  Every parser here has
 * the same extensions, so the table is right for all of them.
 */
static pthread_mutex_t	 special_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long	 special_users;

void
cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
	static void	(*lib)(cmark_parser *, int);

	pthread_mutex_lock(&special_lock);
	if (lib == NULL)
		*(void **)&lib = dlsym(RTLD_NEXT,
		    "cmark_manage_extensions_special_characters");
	assert(lib != NULL);
	if (add ? special_users++ == 0 : --special_users == 0)
		lib(parser, add);
	pthread_mutex_unlock(&special_lock);
}

/*
 * cmark-gfm allocates every node and buffer with malloc and frees them
 * one by one: a third of its time on a long post.  A document's memory
 * all dies together, so each thread hands cmark-gfm a bump allocator
 * whose free does nothing and which is reset after every render.
 * cmark_mem has no context pointer, hence the thread-local state.  An
 * allocation is preceded by its size, for realloc; the newest one grows
 * in place (cmark-gfm's buffers grow one at a time).  Sanitizer builds
 * (HERALDO_ARENA_DEBUG) keep malloc, so that every object has bounds.
 */
#define MD_CHUNK	(1 << 20)
#define MD_ALIGN	16

struct md_chunk {
	struct md_chunk	*next;
	size_t		 cap, used;
	_Alignas(MD_ALIGN) unsigned char data[];
};

static pthread_key_t	 md_key;
static pthread_once_t	 md_once = PTHREAD_ONCE_INIT;
static __thread struct md_chunk	*md_head;	/* current chunk first */
static __thread unsigned char	*md_last;	/* newest allocation */

static void
md_chunks_free(void *p)
{
	struct md_chunk	*c, *next;

	for (c = p; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

static void
md_key_make(void)
{
	if (pthread_key_create(&md_key, md_chunks_free) != 0)
		abort();
}

static size_t
md_round(size_t n)
{
	return (n + MD_ALIGN - 1) & ~(size_t)(MD_ALIGN - 1);
}

static void *
md_alloc(size_t n)
{
	struct md_chunk	*c = md_head;
	size_t		 need;
	unsigned char	*p;

	if (n > SIZE_MAX / 2)
		abort();
	need = MD_ALIGN + md_round(n);
	if (c == NULL || c->cap - c->used < need) {
		c = xmalloc(sizeof(*c) + (need > MD_CHUNK ? need : MD_CHUNK));
		c->cap = need > MD_CHUNK ? need : MD_CHUNK;
		c->used = 0;
		c->next = md_head;
		md_head = c;
		pthread_setspecific(md_key, c);
	}
	p = c->data + c->used + MD_ALIGN;
	memcpy(p - sizeof(size_t), &n, sizeof(n));
	c->used += need;
	md_last = p;
	return p;
}

static void *
md_calloc(size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		abort();
	p = md_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
md_realloc(void *old, size_t n)
{
	struct md_chunk	*c = md_head;
	size_t		 had;
	void		*p;

	if (old == NULL)
		return md_alloc(n);
	memcpy(&had, (unsigned char *)old - sizeof(size_t), sizeof(had));
	if (old == md_last && n <= SIZE_MAX / 2 &&
	    (size_t)(c->data + c->cap - (unsigned char *)old) >=
	    md_round(n)) {
		c->used = (size_t)((unsigned char *)old - c->data) +
		    md_round(n);
		memcpy((unsigned char *)old - sizeof(size_t), &n, sizeof(n));
		return old;
	}
	p = md_alloc(n);
	memcpy(p, old, had < n ? had : n);
	return p;
}

static void
md_free(void *p)
{
	(void)p;
}

/* Drop the document's memory, keeping the newest chunk for the next. */
static void
md_reset(void)
{
	if (md_head == NULL)
		return;
	md_chunks_free(md_head->next);
	md_head->next = NULL;
	md_head->used = 0;
	md_last = NULL;
}

static cmark_mem	 md_arena_mem = { md_calloc, md_realloc, md_free };

static cmark_mem *
md_mem(void)
{
#ifdef HERALDO_ARENA_DEBUG
	(void)md_arena_mem;
	return cmark_get_default_mem_allocator();
#else
	return &md_arena_mem;
#endif
}

void
markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	pthread_once(&md_once, md_key_make);
}

void
markdown_thread_done(void)
{
	md_chunks_free(md_head);
	md_head = NULL;
	md_last = NULL;
	pthread_setspecific(md_key, NULL);
}

/*
 * The hook the info string's first word names, or NULL.  With "any_case",
 * also one named but for case ("Hours"): such a block is shown as code,
 * which is rarely what was meant.
 */
static const struct markdown_hook *
find_hook(const struct markdown_opts *opts, const char *info, bool any_case)
{
	size_t	 i, n;

	if (info == NULL)
		return NULL;
	/* The info string's first word names the language. */
	n = strcspn(info, " \t");
	for (i = 0; i < opts->nhooks; i++)
		if (strlen(opts->hooks[i].info) == n && (any_case ?
		    strncasecmp(opts->hooks[i].info, info, n) :
		    strncmp(opts->hooks[i].info, info, n)) == 0)
			return &opts->hooks[i];
	return NULL;
}

/*
 * What a walk finds that would be lost without a word: the first place
 * and the count of each (0: none).
 */
struct lost {
	bool		 scan;	/* the text holds "{{" or "{%" */
	const char	*src;	/* the text given to markdown_render */
	size_t		 srclen;
	size_t		*lines;	/* where its lines start, or NULL */
	size_t		 nlines;
	unsigned	 html, html_line, html_col;
	unsigned	 tpl, tpl_line, tpl_col;
	char		 tpl_text[48];
	const char	*tpl_kind;
};

/* The line and column of s[off] in a node's literal starting at line:col. */
static void
place_in(unsigned *line, unsigned *col, const char *s, size_t off)
{
	size_t	 i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
}

/*
 * Template syntax of Liquid (Jekyll), Go templates (Hugo) or Tera
 * (Zola) in s: "{{", "{%", and Hugo's shortcodes "{{<" and "{{%".
 * Counts each opener; keeps the first one's place and text.
 */
static void
find_template(struct lost *l, const char *s, size_t len, unsigned line,
    unsigned col)
{
	const char	*p = s, *end = s + len, *close, *b;
	size_t		 n;

	while ((p = memchr(p, '{', (size_t)(end - p))) != NULL &&
	    p + 1 < end) {
		if (p[1] != '{' && p[1] != '%') {
			p++;
			continue;
		}
		/* "\{{" is Markdown for a brace meant as one. */
		for (b = p; b > s && b[-1] == '\\'; b--)
			;
		if ((p - b) % 2 == 1) {
			p++;
			continue;
		}
		if (l->tpl++ == 0) {
			l->tpl_line = line;
			l->tpl_col = col;
			place_in(&l->tpl_line, &l->tpl_col, s, (size_t)(p - s));
			l->tpl_kind = p[1] == '%' ? "a Liquid tag (Jekyll)" :
			    p + 2 < end && (p[2] == '<' || p[2] == '%') ?
			    "a Hugo shortcode" : "a template expression "
			    "(Jekyll, Hugo or Zola)";
			close = memmem(p + 2, (size_t)(end - p - 2),
			    p[1] == '%' ? "%}" : "}}", 2);
			n = (size_t)((close != NULL ? close + 2 : end) - p);
			if (n >= sizeof(l->tpl_text) - 4) {
				/* Cut at a character's start, then "...". */
				n = sizeof(l->tpl_text) - 8;
				while (n > 0 && ((unsigned char)p[n] & 0xc0) ==
				    0x80)
					n--;
				snprintf(l->tpl_text, sizeof(l->tpl_text),
				    "%.*s...", (int)n, p);
			} else
				snprintf(l->tpl_text, sizeof(l->tpl_text),
				    "%.*s", (int)n, p);
			for (char *q = l->tpl_text; *q != '\0'; q++)
				if (*q == '\n' || *q == '\t')
					*q = ' ';
		}
		p += 2;
	}
}

/* Whether s[0..len) holds "{{" or "{%" anywhere (memchr is vectorized). */
static bool
has_template(const char *s, size_t len)
{
	const char	*p = s, *end = s + len;

	while ((p = memchr(p, '{', (size_t)(end - p))) != NULL) {
		if (++p == end)
			break;
		if (*p == '{' || *p == '%')
			return true;
	}
	return false;
}

/* Whether raw HTML "s" is one comment, blanks around it aside. */
static bool
is_comment(const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n >= 7 && strncmp(s, "<!--", 4) == 0 &&
	    strncmp(s + n - 3, "-->", 3) == 0 &&
	    memmem(s + 4, n - 7, "-->", 3) == NULL;
}

/*
 * Template syntax in a text node, read from the source that the node
 * spans (its line, from its start to its end column), where a
 * backslash-escaped brace still shows as written; the node's literal
 * when the columns do not fit the line.
 */
static void
text_template(struct lost *l, cmark_node *node, unsigned line, unsigned col)
{
	const char	*s;
	size_t		 i, start, end, sl;
	int		 ln = cmark_node_get_start_line(node);
	int		 sc = cmark_node_get_start_column(node);
	int		 ec = cmark_node_get_end_column(node);

	if (l->lines == NULL) {
		l->lines = xmalloc((l->srclen + 2) * sizeof(*l->lines));
		l->lines[0] = 0;
		l->nlines = 1;
		for (i = 0; i < l->srclen; i++)
			if (l->src[i] == '\n')
				l->lines[l->nlines++] = i + 1;
	}
	if (ln >= 1 && (size_t)ln <= l->nlines && sc >= 1 && ec >= sc &&
	    cmark_node_get_end_line(node) == ln) {
		start = l->lines[ln - 1];
		end = (size_t)ln < l->nlines ? l->lines[ln] : l->srclen;
		sl = end - start;
		if ((size_t)ec <= sl) {
			find_template(l, l->src + start + sc - 1,
			    (size_t)(ec - sc + 1), line, col);
			return;
		}
	}
	s = cmark_node_get_literal(node);
	find_template(l, s, strlen(s), line, col);
}

/* Replace a hooked fenced block by a custom block holding its HTML. */
static int
run_hook(cmark_iter *it, cmark_node *node, const struct markdown_hook *h,
    const char *path, unsigned first_line, struct buf *html, void *ctx)
{
	cmark_node	*repl;
	const char	*lit = cmark_node_get_literal(node);

	buf_reset(html);
	if (h->render(html, lit, strlen(lit), path,
	    first_line + (unsigned)cmark_node_get_start_line(node),
	    (unsigned)cmark_node_get_start_column(node) - 1, h->arg, ctx) < 0)
		return -1;
	/*
	 * Custom blocks are written as given, even in safe mode.
	 * cmark-gfm links only nodes of one allocator.
	 */
	repl = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, md_mem());
	cmark_node_set_on_enter(repl, buf_cstr(html));
	cmark_node_set_on_exit(repl, "");
	cmark_node_replace(node, repl);
	cmark_node_free(node);
	cmark_iter_reset(it, repl, CMARK_EVENT_EXIT);
	return 0;
}

/*
 * One walk of the document: hooked fenced blocks replaced, link
 * destinations handed to the link hook, what would be lost counted
 * (text and raw HTML only: code is written as it is), and the highest
 * heading level found (*top; 7 for none).
 */
static int
walk(cmark_node *root, const char *path, unsigned first_line,
    const struct markdown_opts *opts, void *ctx, struct lost *l, int *top,
    struct diags *d)
{
	cmark_iter			*it;
	cmark_event_type		 ev;
	cmark_node			*node;
	cmark_node_type			 type;
	const struct markdown_hook	*h;
	const char			*s, *to;
	struct buf			 html = BUF_INIT;
	unsigned			 line, col;
	int				 rc = 0, flen, foff;
	char				 fchar;

	*top = 7;
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		if (type == CMARK_NODE_HEADING) {
			if (cmark_node_get_heading_level(node) < *top)
				*top = cmark_node_get_heading_level(node);
			continue;
		}
		/*
		 * A literal costs cmark-gfm a copy: text is read only when
		 * the document holds template syntax at all.
		 */
		line = first_line - 1 +
		    (unsigned)cmark_node_get_start_line(node);
		col = (unsigned)cmark_node_get_start_column(node);
		switch (type) {
		case CMARK_NODE_TEXT:
			if (l->scan)
				text_template(l, node, line, col);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			/* A comment shows nothing, kept or not. */
			s = cmark_node_get_literal(node);
			if (is_comment(s))
				break;
			if (!opts->unsafe && l->html++ == 0) {
				l->html_line = line;
				l->html_col = col;
			}
			/* Kept, it may hold another generator's syntax. */
			if (opts->unsafe && l->scan)
				find_template(l, s, strlen(s), line, col);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			s = cmark_node_get_url(node);
			if (s == NULL)
				break;
			if (l->scan)
				find_template(l, s, strlen(s), line, col);
			if (opts->link != NULL && (to = opts->link(s, line, col,
			    type == CMARK_NODE_IMAGE, ctx)) != NULL)
				cmark_node_set_url(node, to);
			break;
		case CMARK_NODE_CODE_BLOCK:
			if (opts->nhooks == 0 || !cmark_node_get_fenced(node,
			    &flen, &foff, &fchar))
				break;
			s = cmark_node_get_fence_info(node);
			if ((h = find_hook(opts, s, false)) == NULL) {
				/* "Hours" is a typo of "hours", not code. */
				if ((h = find_hook(opts, s, true)) != NULL)
					diag_warning(d, path, line, col,
					    "fenced block \"%.*s\" is shown as "
					    "code; write \"%s\" in lowercase "
					    "for heraldo to read it",
					    (int)strlen(h->info), s, h->info);
				break;
			}
			if (run_hook(it, node, h, path, first_line, &html,
			    ctx) < 0)
				rc = -1;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	buf_free(&html);
	return rc;
}

/* " here and in 3 more places", or "" for one place. */
static const char *
more_places(char *s, size_t size, unsigned n)
{
	if (n <= 1)
		*s = '\0';
	else
		snprintf(s, size, " here and in %u more place%s", n - 1,
		    n == 2 ? "" : "s");
	return s;
}

/* One warning for each kind of loss, at its first place, with a count. */
static void
warn_lost(const struct lost *l, const char *path, struct diags *d)
{
	char	 more[64];

	if (l->html > 0)
		diag_warning(d, path, l->html_line, l->html_col,
		    "raw HTML omitted%s: write it in Markdown, or keep raw "
		    "HTML with \"markdown: {unsafe: true}\" in site.yaml",
		    more_places(more, sizeof(more), l->html));
	if (l->tpl > 0)
		diag_warning(d, path, l->tpl_line, l->tpl_col,
		    "\"%s\" is %s, printed as text%s: heraldo runs no "
		    "such code; write what it stands for, or put it in "
		    "backticks to show it as code", l->tpl_text, l->tpl_kind,
		    more_places(more, sizeof(more), l->tpl));
}

/*
 * A post's title is its page's one <h1>: move the body's headings down
 * together so that the highest of them is an <h2>, keeping their order
 * (an <h1> in the body becomes an <h2>, its <h2>s become <h3>s).  The
 * walk found the highest; this runs only when it is an <h1>.
 */
static void
shift_headings(cmark_node *root)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*node;
	int			 level;

	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(node) == CMARK_NODE_HEADING &&
		    (level = cmark_node_get_heading_level(node)) < 6)
			cmark_node_set_heading_level(node, level + 1);
	}
	cmark_iter_free(it);
}

/*
 * cmark-gfm ends void elements the XHTML way ("<br />"), which HTML5
 * ignores and validators flag: write them as HTML5 does.  Only the void
 * elements cmark-gfm writes are changed; raw HTML keeps its own, where
 * "/>" may matter (SVG).  Text never holds " />": ">" is escaped.  "html"
 * is NUL-terminated at html[len].
 */
static char *
html5_voids(const char *html, size_t len, size_t *outlen, struct arena *a)
{
	static const char *const voids[] = { "br", "hr", "img", "input" };
	struct buf	 b = BUF_INIT;
	const char	*p = html, *end = html + len, *hit, *lt, *name;
	char		*res;
	size_t		 i, n;

	/* strstr, not memmem: glibc's scans sixteen bytes at a time. */
	if ((hit = strstr(html, " />")) == NULL) {
		*outlen = len;
		return arena_strndup(a, html, len);
	}
	for (; hit != NULL; hit = strstr(p, " />")) {
		for (lt = hit; lt > html && *lt != '<'; lt--)
			continue;
		name = lt + 1;
		n = strcspn(name, " />");
		for (i = 0; i < sizeof(voids) / sizeof(voids[0]); i++)
			if (strlen(voids[i]) == n &&
			    strncmp(name, voids[i], n) == 0)
				break;
		if (*lt == '<' && i < sizeof(voids) / sizeof(voids[0])) {
			buf_put(&b, p, (size_t)(hit - p));
			buf_putc(&b, '>');
		} else
			buf_put(&b, p, (size_t)(hit + 3 - p));
		p = hit + 3;
	}
	buf_put(&b, p, (size_t)(end - p));
	*outlen = b.len;
	res = arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return res;
}

static char *
first_paragraph(cmark_node *root, struct arena *a)
{
	cmark_node	*n;
	cmark_mem	*mem = md_mem();
	char		*s, *copy;

	for (n = cmark_node_first_child(root); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
			break;
	if (n == NULL)
		return arena_strdup(a, "");
	s = cmark_render_plaintext_with_mem(n, CMARK_OPT_DEFAULT, 0, mem);
	copy = arena_strdup(a, s);
	mem->free(s);
	return copy;
}

int
markdown_render(struct markdown_doc *doc, const char *path, const char *text,
    size_t len, unsigned first_line, const struct markdown_opts *opts,
    void *ctx, struct arena *a, struct diags *d)
{
	cmark_mem		*mem = md_mem();
	cmark_parser		*parser;
	cmark_syntax_extension	*ext;
	cmark_node		*root;
	struct lost		 lost;
	int			 top;
	char			*html;
	size_t			 i;
	int			 options = CMARK_OPT_DEFAULT |
				    CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES, rc;

	if (opts->unsafe)
		options |= CMARK_OPT_UNSAFE;
	parser = cmark_parser_new_with_mem(options, mem);
	for (i = 0; i < sizeof(extnames) / sizeof(extnames[0]); i++)
		if ((ext = cmark_find_syntax_extension(extnames[i])) != NULL)
			cmark_parser_attach_syntax_extension(parser, ext);
	cmark_parser_feed(parser, text, len);
	root = cmark_parser_finish(parser);
	memset(&lost, 0, sizeof(lost));
	lost.scan = has_template(text, len);
	lost.src = text;
	lost.srclen = len;
	rc = walk(root, path, first_line, opts, ctx, &lost, &top, d);
	warn_lost(&lost, path, d);
	free(lost.lines);
	if (top == 1)
		shift_headings(root);
	html = cmark_render_html_with_mem(root, options,
	    cmark_parser_get_syntax_extensions(parser), mem);
	doc->html = html5_voids(html, strlen(html), &doc->len, a);
	mem->free(html);
	doc->first_para = first_paragraph(root, a);
	cmark_node_free(root);
	cmark_parser_free(parser);
	md_reset();
	return rc;
}

void
markdown_check_html(const char *path, const char *text, size_t len,
    unsigned first_line, struct diags *d)
{
	const char	*p = text, *end = text + len, *from = text, *skip;
	unsigned	 line = first_line, col = 1;
	struct lost	 lost;

	memset(&lost, 0, sizeof(lost));
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p >= 5 && strncasecmp(p, "<pre", 4) == 0 &&
		    (p[4] == '>' || p[4] == ' '))
			skip = text_html_close(p, end, "pre");
		else if (end - p >= 6 && strncasecmp(p, "<code", 5) == 0 &&
		    (p[5] == '>' || p[5] == ' '))
			skip = text_html_close(p, end, "code");
		else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* A comment shows nothing: skip to its end. */
			skip = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
			skip = skip != NULL ? skip + 3 : end;
		} else {
			p++;
			continue;
		}
		find_template(&lost, from, (size_t)(p - from), line, col);
		place_in(&line, &col, from, (size_t)(skip - from));
		from = p = skip;
		if (p == end)
			break;
		p++;
	}
	find_template(&lost, from, (size_t)(end - from), line, col);
	warn_lost(&lost, path, d);
}
