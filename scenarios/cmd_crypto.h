/* cmd_crypto.h - gtd-scenario's offline crypto subcommands: keygen, seal,
 * open, schemas.  Each takes argc/argv after the subcommand name and
 * returns the process exit status (0 ok, 1 failure, 2 usage). */
#ifndef GTD_CMD_CRYPTO_H
#define GTD_CMD_CRYPTO_H

int cmd_keygen(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_open(int argc, char **argv);
int cmd_schemas(int argc, char **argv);

#endif
