/*
 * replay: runs a libFuzzer target's LLVMFuzzerTestOneInput over every file
 * of a seed corpus folder, so `make test` exercises each fuzz target under
 * gcc (and under the sanitizers) without libFuzzer.
 *
 *   replay_fuzz_NAME tests/fuzz/corpus/NAME
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	DIR		*dir;
	struct dirent	*e;
	char		**names = NULL, path[4096];
	size_t		 n = 0, cap = 0, i, len;
	unsigned char	*data;
	FILE		*fp;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	if ((dir = opendir(argv[1])) == NULL) {
		perror(argv[1]);
		return 1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				abort();
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
		if ((fp = fopen(path, "rb")) == NULL) {
			perror(path);
			return 1;
		}
		fseek(fp, 0, SEEK_END);
		len = (size_t)ftell(fp);
		fseek(fp, 0, SEEK_SET);
		data = malloc(len ? len : 1);
		if (data == NULL || fread(data, 1, len, fp) != len)
			abort();
		fclose(fp);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
		free(names[i]);
	}
	free(names);
	printf("replay %s: %zu inputs\n", argv[1], n);
	return 0;
}
