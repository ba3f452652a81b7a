/*
 * unit.h: what the files of the libcheck unit tests (tests/unit*.c)
 * share.
 */

#ifndef UNIT_H
#define UNIT_H

#include <check.h>

Suite	*worker_suite(void);
int	 status_of(int, int);

#endif /* !UNIT_H */
