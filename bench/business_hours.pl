#!/usr/bin/perl
# Runs "START_EPOCH SECONDS" lines through Business::Hours->add_seconds on the calendar of
# bench/business-hours-policy.yaml and prints one result epoch per line (-1 when it gives
# up); the time spent in add_seconds goes to stderr as "ns_per_call N".
# Usage: TZ=America/New_York perl bench/business_hours.pl < cases.txt
use strict;
use warnings;
use Business::Hours;
use Time::HiRes qw(time);

my @holidays = qw(2026-01-01 2026-01-19 2026-02-16 2026-05-25 2026-06-19 2026-07-03
                  2026-09-07 2026-10-12 2026-11-11 2026-11-26
                  2027-01-01 2027-01-18 2027-02-15 2027-05-31 2027-06-18 2027-07-05
                  2027-09-06 2027-10-11 2027-11-11 2027-11-25);
my %day = (Start => '09:00', End => '17:00');
my $hours = Business::Hours->new();
$hours->business_hours(
    0 => { Name => 'Sunday', Start => undef, End => undef },
    1 => { Name => 'Monday', Start => '09:00', End => '17:00',
           Breaks => [ { Start => '12:00', End => '13:00' } ] },
    2 => { Name => 'Tuesday', %day },
    3 => { Name => 'Wednesday', %day },
    4 => { Name => 'Thursday', %day },
    5 => { Name => 'Friday', %day },
    6 => { Name => 'Saturday', Start => undef, End => undef },
    holidays => \@holidays,
);

my @cases = map { [ split ' ' ] } <STDIN>;
my @results;
my $t0 = time();
push @results, $hours->add_seconds($_->[0], $_->[1]) for @cases;
my $elapsed = time() - $t0;
print "$_\n" for @results;
printf STDERR "ns_per_call %.0f\n", @cases ? 1e9 * $elapsed / @cases : 0;
