// Package safefile reads the files of a scan the way hostile input needs:
// only regular files, only inside the scan root once every symbolic link is
// resolved, and never more than a size limit. A pull request may hold
// passwd.tf -> /etc/passwd, a FIFO named main.tf or a link to /dev/zero;
// none of them may be read, block the scan or exhaust memory.
//
// It is not the walk: package parsers decides which files a scan reads, and
// every read goes through here.
package safefile
