/* store.h - the data directory the console and the mock share.
 *
 *   partners/<id>.json   one record per partner, mode 0600 (credentials)
 *   keys/<id>/<name>.pem PEM files; private ones 0600, the directory 0700
 *   evidence/<id>/       acceptance evidence files, by SHA-256, mode 0600
 *   audit.log            one JSON line per change, mode 0600
 *   outbox/{tmp,new,cur} a Maildir for the e-mails of the console and mock
 *
 * Records are written atomically (fs.h) under an advisory lock on
 * <dir>/.lock, and each carries a revision: a save based on an older
 * revision than the one on disk is refused, never silently applied.
 */
#ifndef GTD_STORE_H
#define GTD_STORE_H

#include <stdint.h>

#include "err.h"
#include "partner.h"

/* How long a save waits for another process's lock by default. */
#define GTD_STORE_LOCK_TIMEOUT_MS 5000

/* Largest partner record the store reads. */
#define GTD_RECORD_MAX (1024 * 1024)

typedef struct gtd_store {
	char *dir;
	int lock_timeout_ms;   /* GTD_STORE_LOCK_TIMEOUT_MS; tests shorten it */
	int swept;             /* crash leftovers removed, the first time it locked */
} gtd_store;

/* One line of audit.log.  The strings belong to the store and are valid
 * only during the callback. */
typedef struct gtd_audit_entry {
	const char *time;
	const char *user;
	const char *partner;
	const char *action;             /* "create", "update", "delete" */
	unsigned long revision;         /* after the change */
	const char *const *changes;     /* changed field paths, never values */
	size_t nchanges;
	/* What the user explicitly accepted with the change ("theme.primary:
	 * contrast of ... is 1.07:1; WCAG AA needs at least 3.0:1"). */
	const char *const *accepted;
	size_t naccepted;
} gtd_audit_entry;

/* Called for each audit entry, oldest first; a non-zero return stops. */
typedef int (*gtd_audit_fn)(const gtd_audit_entry *e, void *ctx);

/* The default data directory (caller frees): $GTD_HOME, else
 * $XDG_DATA_HOME/gtd, else $HOME/.local/share/gtd.  NULL when none of
 * these is set or when out of memory. */
char *gtd_store_default_dir(void);

/* Opens the data directory dir, creating it and its subdirectories with
 * mode 0700 when missing.  On success *out is a store the caller closes
 * with gtd_store_close(); on failure err names the directory. */
gtd_status gtd_store_open(const char *dir, gtd_store **out, gtd_err *err);

/* Frees the store; NULL is allowed. */
void gtd_store_close(gtd_store *s);

/* The ids of the partners in the store, sorted (caller releases *ids).
 * GTD_EIO when partners/ cannot be read. */
gtd_status gtd_store_list(gtd_store *s, gtd_strlist *ids, gtd_err *err);

/* Reads partner id.  On success *out is a record the caller frees.
 * GTD_EINVAL for an id that is not a slug; GTD_ENOTFOUND when there is no
 * such partner; for a corrupt record GTD_EINVAL with the file's path and
 * the parse error (the file is left as it is). */
gtd_status gtd_store_load(gtd_store *s, const char *id, gtd_partner **out, gtd_err *err);

/* Writes p as a new partner: revision 1, created and updated now, and an
 * audit line by user.  GTD_EEXIST when the id is taken, GTD_ELOCKED when
 * the lock stays busy, GTD_EIO; on failure p and the record are unchanged.
 *
 * Every change writes its audit line first (fsynced), then the record: no
 * revision exists without its line.  A change that fails after its line,
 * or a crash between the two, is followed in audit.log by an "abandoned"
 * line (the next handle to lock the store writes it after a crash), and
 * gtd_store_audit() shows neither. */
gtd_status gtd_store_create(gtd_store *s, gtd_partner *p, const char *user, gtd_err *err);

/* gtd_store_create() and gtd_store_save(), with what user explicitly
 * accepted (accepted->v, e.g. gtd_change_check_accepted's lines; NULL or
 * empty: nothing) written into the audit line as "accepted". */
gtd_status gtd_store_create_accepting(gtd_store *s, gtd_partner *p, const char *user,
				      const gtd_strlist *accepted, gtd_err *err);
gtd_status gtd_store_save_accepting(gtd_store *s, gtd_partner *p, const char *user,
				    const gtd_strlist *accepted, gtd_err *err);

/* Saves p, which was loaded at p->revision: under the lock, if the record
 * on disk still has that revision, writes p with revision + 1 and updated
 * now, and appends an audit line naming user and the changed paths.  A
 * record without changes is not written.  GTD_ECONFLICT when someone saved
 * since (err says who and when; nothing is written), GTD_ELOCKED,
 * GTD_ENOTFOUND when the record is gone, GTD_EIO ("disk is full" for
 * ENOSPC).  On failure p and the record on disk are unchanged. */
gtd_status gtd_store_save(gtd_store *s, gtd_partner *p, const char *user, gtd_err *err);

/* Removes partner id's record, its keys/<id>/ and evidence/<id>/ files, with an audit
 * line.  GTD_ENOTFOUND when there is no such partner; GTD_EPARTIAL when
 * the record is gone but removing its keys failed. */
gtd_status gtd_store_delete(gtd_store *s, const char *id, const char *user, gtd_err *err);

/* Calls fn for each audit entry about partner id (every partner when id is
 * NULL), oldest first.  Lines that do not parse - a crash can tear the
 * last one - are skipped.  A store without audit.log has no entries.
 * Returns GTD_EIO when audit.log cannot be read. */
gtd_status gtd_store_audit(gtd_store *s, const char *id, gtd_audit_fn fn, void *ctx,
			   gtd_err *err);

/* Writes pem atomically to keys/<id>/<name>.pem with mode 0600 when
 * is_private, else 0644 (a private key refused then, GTD_EKEY); the
 * directory is created with mode 0700.  id and name must be slugs. */
gtd_status gtd_store_write_key(gtd_store *s, const char *id, const char *name,
			       const char *pem, int is_private, gtd_err *err);

/* The path of keys/<id>/<name>.pem (caller frees), whether or not it
 * exists; NULL when id or name is not a slug or when out of memory. */
char *gtd_store_key_path(const gtd_store *s, const char *id, const char *name);

/* The emulator's private key of p is keys/<id>/emulator-<first 16 hex
 * digits of its fingerprint>.pem, so that the record names its key file. */
#define GTD_EMULATOR_KEY_PREFIX "emulator-"

/* The path of p's emulator private key (caller frees), whether or not it
 * exists; NULL when p has no emulator key or when out of memory. */
char *gtd_store_emulator_key_path(const gtd_store *s, const gtd_partner *p);

/* Largest acceptance evidence file the store keeps. */
#define GTD_EVIDENCE_MAX (32 * 1024 * 1024)

/* Keeps the acceptance evidence e of partner id, so that it lasts: when
 * e->file is an http:// or https:// link, nothing is done.  Otherwise
 * e->file is the path of a file (relative to the current directory),
 * which is copied, mode 0600, to evidence/<id>/<first 16 hex digits of
 * its SHA-256>-<its name> in the data directory; e->file becomes its name
 * and e->sha256 its SHA-256 (lowercase hex).  Refused, with the path and
 * what to give instead: no such file (GTD_ENOTFOUND), not a regular file,
 * a name that is not one line of text, more than GTD_EVIDENCE_MAX bytes,
 * an e->sha256 already given that is not the file's (GTD_EINVAL), an
 * unreadable file (GTD_EIO); e is unchanged then.  The copy is made before
 * the record is saved: a save that fails leaves it behind, named by no
 * record, which does no harm. */
gtd_status gtd_store_keep_evidence(gtd_store *s, const char *id, gtd_evidence *e, gtd_err *err);

/* 1 when file can be kept as evidence (a link, or a readable regular file
 * of at most GTD_EVIDENCE_MAX bytes whose name is one line of text), else
 * 0 and why, as gtd_store_keep_evidence() would refuse it: for checking
 * a prompt's answer as it is typed. */
int gtd_evidence_file_ok(const char *file, char *why, size_t len);

/* Where the store keeps e's file (caller frees), whether or not it is
 * there; NULL for a link, evidence recorded without its SHA-256, an id
 * that is not a slug, or when out of memory. */
char *gtd_store_evidence_path(const gtd_store *s, const char *id, const gtd_evidence *e);

/* A number that changes whenever a record is created, saved or deleted
 * (from the stat data of partners/ and its files), so a running mock can
 * poll cheaply.  0 when partners/ cannot be read. */
uint64_t gtd_store_generation(gtd_store *s);

#endif
