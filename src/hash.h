/*
 * hash: a fast 128-bit digest of bytes, for the build cache: what a page
 * was made from, and what a file holds.  Not cryptographic: it tells a
 * changed input from an unchanged one, and nobody gains by a collision
 * but the site's own authors.
 */
#ifndef HERALDO_HASH_H
#define HERALDO_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hkey {
	uint64_t	 a, b;
};

struct hasher {
	uint64_t	 a, b;
	uint64_t	 len;
};

void	hash_init(struct hasher *);
void	hash_put(struct hasher *, const void *, size_t);
/* A string with its length, so that ("ab","c") and ("a","bc") differ. */
void	hash_str(struct hasher *, const char *);	/* NULL allowed */
void	hash_u64(struct hasher *, uint64_t);
void	hash_key(struct hasher *, struct hkey);
struct hkey hash_final(const struct hasher *);

/* The digest of data[0..len). */
struct hkey hash_bytes(const void *data, size_t len);

bool	hash_eq(struct hkey, struct hkey);

#endif /* !HERALDO_HASH_H */
