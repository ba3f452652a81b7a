#!/bin/sh
# exit.sh CODE [REASON...]: prints a line of noise, then the reason, and
# exits with CODE.
code=$1
shift
echo "some output first"
[ $# -gt 0 ] && echo "$*"
exit "$code"
