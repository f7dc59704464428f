#pragma once
// The sub-commands; main.cpp lists them in its table.
#include "analyzer/cli.h"

namespace smtplog {

int cmd_run(const Args& args);      ///< smtplog FILE... : ingest, then report
int cmd_ingest(const Args& args);   ///< smtplog ingest FILE...
int cmd_report(const Args& args);   ///< smtplog report
int cmd_explain(const Args& args);  ///< smtplog explain CODE|TEXT
int cmd_compare(const Args& args);  ///< smtplog compare CODE CODE
int cmd_events(const Args& args);   ///< smtplog events [FILTERS]
int cmd_trace(const Args& args);    ///< smtplog trace QUEUE_ID|ADDRESS
int cmd_unparsed(const Args& args); ///< smtplog unparsed

}  // namespace smtplog
