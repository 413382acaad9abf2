/* FIT images (mkimage -f): a device tree holding images, their hashes and signed configurations. */
#ifndef FB_FIT_H
#define FB_FIT_H
#include "common.h"

/*
 * Every function here is pure: it reads the FIT, returns 0/an offset/a count
 * or a negative errno, and never prints. The FIT must have passed fit_open()
 * (header and structure block checked) before any other call.
 */

#define FIT_HASH_MAX 32 /* bytes of the longest digest we check (sha256) */

struct fit_image {
	int node;
	const char *name, *desc; /* desc "" when absent */
	const char *type_name;   /* as written ("kernel", "flat_dt", ...), "" when absent */
	int type;                /* IH_TYPE_*, -1 for a type we do not know */
	const char *comp_name;   /* "none" when absent */
	int comp;                /* IH_COMP_*, -1 unknown */
	const char *arch, *os;   /* "" when absent */
	const uint8_t *data;     /* inside the FIT, or external (data-offset / data-position) */
	uint32_t size;
	bool external;
	bool has_load, has_entry;
	uint32_t load, entry;
};

/* Why a hash or signature check failed (names point into the FIT or the key blob). */
struct fit_check_res {
	const char *node; /* the hash-N / signature-N node */
	const char *algo; /* its algo property ("sha256", "sha256,rsa2048") or "" */
	const char *key;  /* the key's name (signatures) */
	int nchecked;     /* hashes (or signatures) that matched */
	char what[48];    /* the algorithms checked, U-Boot style: "sha256+ crc32+ " */
};

/* A FIT at fit with avail readable bytes: its total size, -ENOEXEC (no FDT
 * magic, or no /images node), -EINVAL (corrupt header or structure block),
 * -EFAULT (totalsize beyond avail). */
int fit_open(const void *fit, size_t avail);
/* /images and /configurations (-ENOENT) */
int fit_images_node(const void *fit);
int fit_confs_node(const void *fit);
/* Subnode of parent whose name is exactly name (no unit-address matching); -ENOENT. */
int fit_subnode(const void *fit, int parent, const char *name);
/* First (prev < 0) or next child of parent; -ENOENT at the end. */
int fit_next_child(const void *fit, int parent, int prev);
/* A NUL-terminated string property or NULL. */
const char *fit_prop_str(const void *fit, int node, const char *name);
/* The index-th string of a string-list property or NULL. */
const char *fit_prop_stri(const void *fit, int node, const char *name, int index);

/* An image's properties. 0, -EINVAL (no data, bad load/entry/data-size cells),
 * -EFAULT (external data outside the avail bytes from fit). */
int fit_image_info(const void *fit, size_t avail, int node, struct fit_image *img);
/* Configuration by name, or the default when name is NULL or "": node, -ENOENT. */
int fit_conf_find(const void *fit, const char *name);
/* The image a configuration names in prop ("kernel", "fdt", "ramdisk",
 * "loadables", "script") at index: node, -ENOENT (no such entry), -ESRCH
 * (it names an image /images does not have). */
int fit_conf_image(const void *fit, int conf, const char *prop, int index);

/* Check every hash-* subnode of img (crc32, sha1, sha256): the number that
 * matched (0: the image has none), -EBADMSG mismatch, -EOPNOTSUPP an
 * algorithm this build lacks, -EINVAL a value of the wrong length; res says
 * which node and algorithm. */
int fit_image_check_hashes(const void *fit, const struct fit_image *img, struct fit_check_res *res);

/* IH_TYPE_* / IH_COMP_* from FIT's names; -1 unknown. */
int fit_type_id(const char *name);
int fit_comp_id(const char *name);

/*
 * Signed configurations (boot/fit_sig.c). keys is a DTB with /signature/key-*
 * nodes as `mkimage -K` writes them. Every key with required = "conf" must
 * verify one signature-* node of conf (required-mode = "any" in /signature:
 * one key is enough). The signature covers hashed-nodes, which must include
 * conf and every image it names with all their hash nodes.
 * Returns the number of required keys that verified (0: none required),
 * -ENODATA conf has no signature a required key can check, -EACCES a
 * signature that does not verify (changed configuration, wrong key),
 * -EOPNOTSUPP an algorithm other than sha256,rsa2048/3072/4096,
 * -EINVAL malformed signature node or key. res names the node and key.
 */
#ifdef CONFIG_FIT_SIGNATURE
int fit_conf_verify(const void *fit, int conf, const void *keys, struct fit_check_res *res);
/* True when keys holds a key with required = "conf". */
bool fit_keys_required(const void *keys);
/* One signature node against one key node (iminfo's report): 0, or as above. */
int fit_sig_check(const void *fit, int conf, int sig, const void *keys, int key);
/* The key node in keys that sig's key-name-hint names: node or -ENOENT. */
int fit_sig_key(const void *fit, int sig, const void *keys);
#else
/* without CONFIG_FIT_SIGNATURE signatures are not checked (and no keys can be built in) */
static inline int fit_conf_verify(const void *fit, int conf, const void *keys, struct fit_check_res *res)
{
	(void)fit, (void)conf, (void)keys;
	memset(res, 0, sizeof(*res));
	return 0;
}
static inline bool fit_keys_required(const void *keys)
{
	(void)keys;
	return false;
}
static inline int fit_sig_check(const void *fit, int conf, int sig, const void *keys, int key)
{
	(void)fit, (void)conf, (void)sig, (void)keys, (void)key;
	return -EOPNOTSUPP;
}
static inline int fit_sig_key(const void *fit, int sig, const void *keys)
{
	(void)fit, (void)sig, (void)keys;
	return -ENOENT;
}
#endif

#endif
