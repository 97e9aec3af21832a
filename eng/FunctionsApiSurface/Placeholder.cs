namespace Microsoft.Azure.Functions.Worker;
