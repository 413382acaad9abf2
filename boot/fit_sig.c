/* Signed FIT configurations (U-Boot verified boot): the signed regions of the tree, SHA-256, RSA. */
#include <stdlib.h>
#include <libfdt.h>
#include "fit.h"
#include "hash.h"
#include "image.h"
#include "rsa.h"

// clang-format off
#define SIG_NODES_MAX 64  /* hashed-nodes entries */
#define SIG_PATH_MAX 256
#define SIG_DEPTH_MAX 64
// clang-format on

/* Properties the signature leaves out: the image data is covered by the hash nodes instead. */
static bool excluded_prop(const char *name)
{
	return !strcmp(name, "data") || !strcmp(name, "data-size") || !strcmp(name, "data-position") ||
	       !strcmp(name, "data-offset");
}

static bool in_list(const char *path, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(path, list[i]))
			return true;
	return false;
}

/*
 * SHA-256 over what mkimage signed: walking the structure block, a node
 * named in the list is taken whole (its tags and properties but the data
 * ones); its children and the ancestors of listed nodes contribute only
 * their begin/end tags, one level below that nothing; FDT_END closes it;
 * then the first strings_len bytes of the strings block.
 */
static int signed_digest(const void *fit, const char *const *nodes, int n, uint32_t strings_len,
			 uint8_t out[SHA256_LEN])
{
	static struct sha256_ctx c;
	char path[SIG_PATH_MAX];
	uint8_t stack[SIG_DEPTH_MAX];
	size_t plen = 0;
	int off = 0, next, depth = -1, want = 0;
	uint32_t tag;
	const uint8_t *base = (const uint8_t *)fit + fdt_off_dt_struct(fit);

	sha256_init(&c);
	do {
		bool take = false;
		const struct fdt_property *p;
		const char *name;
		int len;

		tag = fdt_next_tag(fit, off, &next);
		switch (tag) {
		case FDT_PROP:
			p = fdt_get_property_by_offset(fit, off, NULL);
			name = p ? fdt_string(fit, (int)fdt32_to_cpu(p->nameoff)) : NULL;
			if (!name)
				return -EINVAL;
			take = want >= 2 && !excluded_prop(name);
			break;
		case FDT_NOP:
			take = want >= 2;
			break;
		case FDT_BEGIN_NODE:
			if (++depth >= SIG_DEPTH_MAX)
				return -EINVAL;
			name = fdt_get_name(fit, off, &len);
			if (!name || plen + (size_t)len + 2 > sizeof(path))
				return -EINVAL;
			if (depth > 1)
				path[plen++] = '/';
			else if (depth == 0)
				path[plen++] = '/';
			memcpy(path + plen, name, (size_t)len);
			plen += (size_t)len;
			path[plen] = '\0';
			stack[depth] = (uint8_t)want;
			want = in_list(path, nodes, n) ? 2 : want ? want - 1 : 0;
			take = want;
			break;
		case FDT_END_NODE:
			if (depth < 0)
				return -EINVAL;
			take = want;
			want = stack[depth--];
			while (plen > 0 && path[--plen] != '/')
				;
			if (depth == -1)
				plen = 0;
			else if (depth == 0)
				plen = 1; /* back to "/" */
			path[plen] = '\0';
			break;
		case FDT_END:
			take = true;
			break;
		default:
			return -EINVAL;
		}
		if (next <= off)
			return -EINVAL;
		if (take)
			sha256_update(&c, base + off, (size_t)(next - off));
		off = next;
	} while (tag != FDT_END);
	if (strings_len > fdt_size_dt_strings(fit))
		return -EINVAL;
	sha256_update(&c, (const uint8_t *)fit + fdt_off_dt_strings(fit), strings_len);
	sha256_final(&c, out);
	return 0;
}

/* Does the signature cover conf and every image it names, with all their hash nodes? */
static bool covers(const void *fit, int conf, const char *const *nodes, int n)
{
	static const char *const props[] = { "kernel", "fdt", "ramdisk", "loadables", "script" };
	char path[SIG_PATH_MAX];
	int images = fit_images_node(fit);

	snprintf(path, sizeof(path), "/configurations/%s", fdt_get_name(fit, conf, NULL));
	if (!in_list(path, nodes, n))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
		const char *img;

		for (int k = 0; (img = fit_prop_stri(fit, conf, props[i], k)); k++) {
			int node = fit_subnode(fit, images, img), h;
			size_t l;

			if (node < 0)
				return false;
			l = (size_t)snprintf(path, sizeof(path), "/images/%s", img);
			if (l >= sizeof(path) || !in_list(path, nodes, n))
				return false;
			fdt_for_each_subnode (h, fit, node) {
				const char *hn = fdt_get_name(fit, h, NULL);
				if (!hn || strncmp(hn, "hash", 4))
					continue;
				snprintf(path + l, sizeof(path) - l, "/%s", hn);
				if (!in_list(path, nodes, n))
					return false;
			}
		}
	}
	return true;
}

static uint32_t prop_u32(const void *blob, int node, const char *name, uint32_t def)
{
	int len;
	const uint8_t *p = fdt_getprop(blob, node, name, &len);

	return p && len == 4 ? get_be32(p) : def;
}

static int key_from_node(const void *keys, int key, struct rsa_pubkey *k)
{
	int nlen, rlen, elen;
	const uint8_t *e;

	k->bits = prop_u32(keys, key, "rsa,num-bits", 0);
	k->n0inv = prop_u32(keys, key, "rsa,n0-inverse", 0);
	k->modulus = fdt_getprop(keys, key, "rsa,modulus", &nlen);
	k->rr = fdt_getprop(keys, key, "rsa,r-squared", &rlen);
	e = fdt_getprop(keys, key, "rsa,exponent", &elen);
	k->exponent = e && elen == 8 ? (uint64_t)get_be32(e) << 32 | get_be32(e + 4) : 0;
	if (!k->modulus || !k->rr || nlen != (int)k->bits / 8 || rlen != nlen)
		return -EINVAL;
	return 0;
}

int fit_sig_key(const void *fit, int sig, const void *keys)
{
	const char *hint = fit_prop_str(fit, sig, "key-name-hint");
	int root = fit_subnode(keys, 0, "signature");
	char name[64];

	if (!hint || root < 0 || (size_t)snprintf(name, sizeof(name), "key-%s", hint) >= sizeof(name))
		return -ENOENT;
	return fit_subnode(keys, root, name);
}

int fit_sig_check(const void *fit, int conf, int sig, const void *keys, int key)
{
	const char *nodes[SIG_NODES_MAX], *algo = fit_prop_str(fit, sig, "algo");
	const char *pad = fit_prop_str(fit, sig, "padding");
	struct rsa_pubkey k;
	uint8_t d[SHA256_LEN];
	const uint8_t *value, *hs;
	int n, vlen, hslen, ret;
	char *end;

	if (key_from_node(keys, key, &k))
		return -EINVAL;
	if (!algo || strncmp(algo, "sha256,rsa", 10) || (pad && strcmp(pad, "pkcs-1.5")))
		return -EOPNOTSUPP;
	if (strtoul(algo + 10, &end, 10) != k.bits || *end)
		return -EACCES; /* made with a key of another size */
	value = fdt_getprop(fit, sig, "value", &vlen);
	if (!value)
		return -ENODATA;
	for (n = 0; n < SIG_NODES_MAX && (nodes[n] = fit_prop_stri(fit, sig, "hashed-nodes", n)); n++)
		;
	if (!n || n == SIG_NODES_MAX)
		return -EINVAL;
	if (!covers(fit, conf, nodes, n))
		return -EPERM;
	hs = fdt_getprop(fit, sig, "hashed-strings", &hslen);
	if (hs && (hslen != 8 || get_be32(hs)))
		return -EINVAL;
	ret = signed_digest(fit, nodes, n, hs ? get_be32(hs + 4) : 0, d);
	if (ret)
		return ret;
	ret = rsa_verify_sha256(&k, value, (size_t)vlen, d);
	return ret == -EINVAL && (size_t)vlen == k.bits / 8 ? -EINVAL : ret ? -EACCES : 0;
}

/* Some signature-* node of conf verifies with key. */
static int verify_with_key(const void *fit, int conf, const void *keys, int key,
			   struct fit_check_res *res)
{
	int sig, ret = -ENODATA;

	fdt_for_each_subnode (sig, fit, conf) {
		const char *name = fdt_get_name(fit, sig, NULL);
		int r;

		if (!name || strncmp(name, "signature", 9))
			continue;
		r = fit_sig_check(fit, conf, sig, keys, key);
		if (!r) {
			res->node = name;
			res->algo = fit_prop_str(fit, sig, "algo");
			return 0;
		}
		/* report the most telling failure: a bad signature over a missing one */
		if (ret == -ENODATA || r == -EACCES || r == -EPERM) {
			ret = r;
			res->node = name;
			res->algo = fit_prop_str(fit, sig, "algo");
			if (!res->algo)
				res->algo = "";
		}
	}
	return ret;
}

static bool key_required(const void *keys, int key)
{
	const char *req = fit_prop_str(keys, key, "required");

	return req && !strcmp(req, "conf");
}

bool fit_keys_required(const void *keys)
{
	int root = keys ? fit_subnode(keys, 0, "signature") : -ENOENT, key;

	if (root < 0)
		return false;
	fdt_for_each_subnode (key, keys, root)
		if (key_required(keys, key))
			return true;
	return false;
}

int fit_conf_verify(const void *fit, int conf, const void *keys, struct fit_check_res *res)
{
	int root, key, ret = 0;
	const char *mode;
	bool any;

	memset(res, 0, sizeof(*res));
	root = keys ? fit_subnode(keys, 0, "signature") : -ENOENT;
	if (root < 0)
		return 0;
	mode = fit_prop_str(keys, root, "required-mode");
	any = mode && !strcmp(mode, "any");
	fdt_for_each_subnode (key, keys, root) {
		const char *kn = fdt_get_name(keys, key, NULL);
		int r;

		if (!key_required(keys, key))
			continue;
		res->key = kn && !strncmp(kn, "key-", 4) ? kn + 4 : kn;
		r = verify_with_key(fit, conf, keys, key, res);
		if (!r) {
			res->nchecked++;
			if (any)
				return res->nchecked;
		} else if (!any) {
			return r;
		} else {
			ret = r;
		}
	}
	return res->nchecked ? res->nchecked : ret;
}
