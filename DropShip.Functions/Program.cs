// Placeholder: the composition root is built in a later commit.
return 0;
