/*
 * hash: two 64-bit lanes, each eight bytes at a time through a multiply
 * and a rotation (the shape of the MurmurHash family's mixers), finished
 * with a 64-bit avalanche on each lane and a cross of the two.
 */
#include <string.h>

#include "hash.h"

#define P1	0x9e3779b97f4a7c15ULL
#define P2	0xc2b2ae3d27d4eb4fULL
#define P3	0x165667b19e3779f9ULL

static uint64_t
rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
avalanche(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

void
hash_init(struct hasher *h)
{
	h->a = P1;
	h->b = P2;
	h->len = 0;
}

static void
word(struct hasher *h, uint64_t w)
{
	h->a = rotl(h->a ^ (w * P2), 31) * P1;
	h->b = rotl(h->b + (w * P3), 29) * P2 ^ h->a;
}

void
hash_put(struct hasher *h, const void *data, size_t len)
{
	const unsigned char	*p = data;
	uint64_t		 w;

	h->len += len;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		word(h, w);
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		word(h, w ^ ((uint64_t)len << 56));
	}
}

void
hash_str(struct hasher *h, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0;

	hash_u64(h, s != NULL ? n : UINT64_MAX);
	hash_put(h, s, n);
}

/* hash_put of the eight bytes, without its loop. */
void
hash_u64(struct hasher *h, uint64_t v)
{
	h->len += sizeof(v);
	word(h, v);
}

void
hash_key(struct hasher *h, struct hkey k)
{
	hash_u64(h, k.a);
	hash_u64(h, k.b);
}

struct hkey
hash_final(const struct hasher *h)
{
	struct hkey	 k;
	uint64_t	 a = h->a ^ h->len, b = h->b ^ (h->len * P3);

	k.a = avalanche(a + b);
	k.b = avalanche(b ^ rotl(a, 17));
	return k;
}

/*
 * Bulk data (every file a build writes) goes through four independent
 * lanes, 32 bytes a round, so that the multiplies overlap; the tail and
 * the lanes are then folded into an ordinary hasher.
 */
struct hkey
hash_bytes(const void *data, size_t len)
{
	const unsigned char	*p = data;
	uint64_t		 v[4] = { P1, P2, P3, P1 ^ P2 }, w;
	struct hasher		 h;
	size_t			 i, n = len;

	for (; n >= 32; p += 32, n -= 32)
		for (i = 0; i < 4; i++) {
			memcpy(&w, p + 8 * i, 8);
			v[i] = rotl(v[i] ^ (w * P2), 31) * P1;
		}
	hash_init(&h);
	for (i = 0; i < 4; i++)
		hash_u64(&h, v[i]);
	hash_put(&h, p, n);
	hash_u64(&h, len);
	return hash_final(&h);
}

bool
hash_eq(struct hkey x, struct hkey y)
{
	return x.a == y.a && x.b == y.b;
}
