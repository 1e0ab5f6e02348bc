/* exit.h - the exit statuses every program of the kit uses. */
#ifndef GTD_EXIT_H
#define GTD_EXIT_H

enum {
	GTD_EXIT_OK = 0,       /* done */
	GTD_EXIT_FAIL = 1,     /* the operation failed: see stderr */
	GTD_EXIT_USAGE = 2,    /* the command line was wrong */
};

#endif
