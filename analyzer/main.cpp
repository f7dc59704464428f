// smtplog: placeholder main until the command table lands.
#include <cstdio>
int main() { std::puts("smtplog " SMTPLOG_VERSION); }
