# bash completion for forkcheck: options, and case ids and areas (from
# forkcheck --list) for patterns.

_forkcheck()
{
	local cur prev opts ids
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	case $prev in
	-o|--tap|--expect|--external|--compare|--rerun-failed)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--report-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0
		;;
	-j|--jobs|--timeout-multiplier|--repeat|--budget|--label|--max-fail|--exclude)
		return 0
		;;
	esac

	if [[ $cur == -* ]]; then
		opts=$("${COMP_WORDS[0]}" --help 2>/dev/null |
		    grep -oE -- '(^|[ ,[])--?[a-z][a-z-]*' | tr -d ' ,[' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	ids=$("${COMP_WORDS[0]}" --list 2>/dev/null |
	    awk '{ print $1; a = $1; sub(/\..*/, "", a); print a }' | sort -u)
	COMPREPLY=($(compgen -W "$ids" -- "$cur"))
	return 0
}
complete -F _forkcheck forkcheck
