#!/bin/sh
# Hangs: the timeout must end it.
echo "hanging"
while :; do read -r x </dev/zero; done
