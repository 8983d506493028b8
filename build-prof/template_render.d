build-prof/template_render.o: src/template_render.c src/buf.h src/diag.h \
 src/template.h src/template_tree.h src/util.h src/value.h
src/buf.h:
src/diag.h:
src/template.h:
src/template_tree.h:
src/util.h:
src/value.h:
