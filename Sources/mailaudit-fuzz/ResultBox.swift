import DNSClient
import Dispatch
import Foundation
import MailFacts
import MailRecords
import NetworkSupport
import RuleEngine

final class ResultBox<T>: @unchecked Sendable { var value: T? }
