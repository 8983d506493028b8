build-prof/render.o: src/render.c src/arena.h src/buf.h src/config.h \
 src/datefmt.h src/diag.h src/i18n.h src/output.h src/pool.h src/post.h \
 src/frontmatter.h src/render.h src/template.h src/text.h src/url.h \
 src/util.h src/value.h
src/arena.h:
src/buf.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/i18n.h:
src/output.h:
src/pool.h:
src/post.h:
src/frontmatter.h:
src/render.h:
src/template.h:
src/text.h:
src/url.h:
src/util.h:
src/value.h:
