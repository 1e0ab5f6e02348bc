/* cmd_partner.h - gtd-scenario's commands that speak to a gateway as the
 * partner: login, commit, query, detail, open-redirect, and run (the
 * scenario runner).  They take the connection from --pack PACK.json or
 * from flags (--gateway, --api-key, --access-code, --key, --gotadi-key).
 * Each takes argc/argv after the command name and returns the process exit
 * status (0 ok, 1 failure, 2 usage). */
#ifndef GTD_CMD_PARTNER_H
#define GTD_CMD_PARTNER_H

int cmd_login(int argc, char **argv);
int cmd_commit(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_detail(int argc, char **argv);
int cmd_open_redirect(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif
