build-prof/site.o: src/site.c src/arena.h src/buf.h src/config.h \
 src/datefmt.h src/diag.h src/feed.h src/gitsrc.h src/i18n.h src/loader.h \
 src/markdown.h src/output.h src/pool.h src/post.h src/frontmatter.h \
 src/render.h src/site.h src/template.h src/theme.h src/url.h src/util.h \
 src/value.h
src/arena.h:
src/buf.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/feed.h:
src/gitsrc.h:
src/i18n.h:
src/loader.h:
src/markdown.h:
src/output.h:
src/pool.h:
src/post.h:
src/frontmatter.h:
src/render.h:
src/site.h:
src/template.h:
src/theme.h:
src/url.h:
src/util.h:
src/value.h:
