// Last file of the JScript run: prints the verdict (ALL PASSED n) and sets the exit code.
summary();
