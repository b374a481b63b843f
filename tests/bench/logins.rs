//! Login throughput and the server memory it leaves behind (issue 13).
