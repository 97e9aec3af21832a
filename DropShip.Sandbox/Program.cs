// Placeholder: the sandbox is built in the next commit.
return 0;
